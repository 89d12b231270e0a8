package io.imlogic.config;

import io.imlogic.api.ApiAuth;
import io.imlogic.journal.AcceptJournal;
import io.imlogic.kafka.KafkaSecurity;
import io.imlogic.ops.AdminJolokia;
import io.imlogic.ops.Operations;
import io.imlogic.ops.PipelinePool;
import io.imlogic.ops.ServiceMeters;
import io.imlogic.pipeline.PipelineBudget;
import io.imlogic.push.PushCounters;
import io.imlogic.session.CometSessions;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.platform.http.plugin.JolokiaPlatformHttpPlugin;
import org.redisson.api.RedissonClient;

import java.nio.file.Path;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * What operators see on the management port besides Camel's own: the service's meters, the Redis, Kafka and
 * route-reload health checks ({@link Operations}, started by {@link Lifecycle}), and Jolokia behind the admin
 * token when it is turned on.
 */
public final class OperationsConfiguration implements CamelConfiguration {

    @PropertyInject("{{im-path:im.routes.dir}}")
    String routesDir;
    @PropertyInject("im.kafka.brokers")
    String kafkaBrokers;
    @PropertyInject("{{im.jolokia.enabled:false}}")
    boolean jolokia;

    @BindToRegistry("operations")
    public Operations operations(RedissonClient redis, KafkaSecurity kafka, PushCounters counters,
                                 CometSessions sessions, PipelineBudget budget, AcceptJournal journal,
                                 @BeanInject(PipelinePool.NAME) ThreadPoolExecutor pipeline) {
        return new Operations(Path.of(routesDir), redis, kafkaBrokers, kafka.clientProperties(),
                ServiceMeters.of(counters, sessions, pipeline, budget, journal));
    }

    /**
     * Where the management server looks for its Jolokia plugin, so that Jolokia never answers without the token
     * check; nothing is bound (Camel skips a null) while Jolokia is off.
     */
    @BindToRegistry(JolokiaPlatformHttpPlugin.NAME)
    public AdminJolokia adminJolokia(ApiAuth auth) {
        return jolokia ? new AdminJolokia(auth) : null;
    }
}
