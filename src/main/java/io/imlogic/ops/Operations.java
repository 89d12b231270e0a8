package io.imlogic.ops;

import io.imlogic.journal.AcceptJournal;
import io.imlogic.pipeline.PipelineBudget;
import io.imlogic.push.PushCounters;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Hooks the service into what operators watch, once Camel has started: Redis, Kafka and route-reload health
 * checks, and the service's counters in the Prometheus registry (JMX gets them as a Camel service).
 */
public final class Operations {

    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

    private Operations() {
    }

    public static void install(CamelContext context, Path routesFolder, RedissonClient redis, String kafkaBrokers,
                               Map<String, Object> kafkaSecurity, PushCounters counters, ThreadPoolExecutor pipeline,
                               PipelineBudget budget, AcceptJournal journal)
            throws Exception {
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        RouteReloadHealthCheck reload = null;
        RouteWatcherReloadStrategy watcher = context.hasService(RouteWatcherReloadStrategy.class);
        if (health != null) {
            health.register(new RedisHealthCheck(redis));
            KafkaHealthCheck kafka = new KafkaHealthCheck(kafkaBrokers, kafkaSecurity);
            health.register(kafka);
            context.addService(new org.apache.camel.support.service.ServiceSupport() {
                @Override
                protected void doStop() {
                    kafka.close();
                }
            }, true, true);
        }
        if (watcher != null) {
            reload = new RouteReloadHealthCheck(watcher);
            if (health != null) {
                health.register(reload);
            }
            // scheduled from Java, not from a route file: it must keep working while route files are broken
            RouteReloadGuard guard = new RouteReloadGuard(context, watcher, routesFolder);
            context.getManagementStrategy().addEventNotifier(guard.goodFileListener());
            context.getExecutorServiceManager().newSingleThreadScheduledExecutor(Operations.class, "route-reload-guard")
                    .scheduleWithFixedDelay(guard::check, 1, 1, TimeUnit.SECONDS);
        }
        MeterRegistry meters = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (meters != null) {
            ServiceMetrics.bind(meters, counters, pipeline, budget, journal, reload);
        } else {
            LOG.warn("no Micrometer registry found: the service counters are in JMX only");
        }
    }
}
