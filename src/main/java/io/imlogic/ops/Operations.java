package io.imlogic.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.apache.camel.support.service.ServiceSupport;
import org.redisson.api.RedissonClient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What operators watch, hooked in once Camel has started: Redis, Kafka and route-reload health checks, the guard
 * that keeps the last good route files serving, and the service's meters on {@code /observe/metrics} and in JMX.
 */
public final class Operations {

    private final Path routesFolder;
    private final RedissonClient redis;
    private final String kafkaBrokers;
    private final Map<String, Object> kafkaSecurity;
    private final List<Meter> meters;
    /** What was exported: Micrometer holds a counter's source weakly, this bean holds it for as long as Camel. */
    private volatile List<Meter> exported = List.of();

    /**
     * @param kafkaSecurity the producer's SASL/SSL client settings, so the health check reaches Kafka as it does
     * @param meters        the service's meters ({@link ServiceMeters#of}); the route-reload one is added here
     */
    public Operations(Path routesFolder, RedissonClient redis, String kafkaBrokers, Map<String, Object> kafkaSecurity,
                      List<Meter> meters) {
        this.routesFolder = routesFolder;
        this.redis = redis;
        this.kafkaBrokers = kafkaBrokers;
        this.kafkaSecurity = Map.copyOf(kafkaSecurity);
        this.meters = List.copyOf(meters);
    }

    /** Once the routes are up. */
    public void start(CamelContext context) throws Exception {
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(new RedisHealthCheck(redis));
            KafkaHealthCheck kafka = new KafkaHealthCheck(kafkaBrokers, kafkaSecurity);
            health.register(kafka);
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    kafka.close();
                }
            }, true, true);
        }
        List<Meter> all = new ArrayList<>(meters);
        RouteWatcherReloadStrategy watcher = context.hasService(RouteWatcherReloadStrategy.class);
        if (watcher != null) {
            RouteReloadHealthCheck reload = new RouteReloadHealthCheck(watcher);
            if (health != null) {
                health.register(reload);
            }
            all.add(ServiceMeters.reloadFailing(reload));
            // scheduled from Java, not from a route file: it must keep working while route files are broken
            RouteReloadGuard guard = new RouteReloadGuard(context, watcher, routesFolder);
            context.getManagementStrategy().addEventNotifier(guard.goodFileListener());
            context.getExecutorServiceManager().newSingleThreadScheduledExecutor(Operations.class, "route-reload-guard")
                    .scheduleWithFixedDelay(guard::check, 1, 1, TimeUnit.SECONDS);
        }
        exported = List.copyOf(all);
        ServiceMeters.export(context, exported);
    }
}
