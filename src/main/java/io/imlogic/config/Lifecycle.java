package io.imlogic.config;

import io.imlogic.api.HttpErrorHandlers;
import io.imlogic.api.RequestGate;
import io.imlogic.discovery.DiscoveryRegistration;
import io.imlogic.kafka.PushMessageFormat;
import io.imlogic.ops.Operations;
import io.imlogic.pipeline.JournalRecovery;
import io.imlogic.pipeline.PipelineBudget;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.Route;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What happens around the routes' life, in order. Once Camel has started: the journal's leftovers are sent again,
 * the HTTP server gets its error handlers and request gate, operations start (health checks, meters), this node
 * registers with goim's discovery, and one line says the node is ready. On {@link #drain}: the node leaves
 * discovery, answers the HTTP requests it had taken and refuses new ones, and waits for the accepted pushes to be
 * delivered. What closes when Camel stops (Redisson, the journal, the discovery registration) says so where it is
 * made, as the destroy method of its {@code @BindToRegistry}.
 */
public final class Lifecycle implements CamelConfiguration, StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    @PropertyInject("im.http.host")
    String httpHost;
    @PropertyInject("im.http.port")
    int httpPort;
    /** 0: an eighth of the heap. */
    @PropertyInject("im.http.max-body-bytes-in-flight")
    @AtLeast(0)
    long maxBodyBytesInFlight;
    @PropertyInject("im.max-body-bytes")
    @AtLeast(1)
    int maxBodyBytes;
    @PropertyInject("im.api.retry-after-seconds")
    @AtLeast(1)
    int retryAfterSeconds;
    @PropertyInject("im.grpc.host")
    String grpcHost;
    @PropertyInject("im.grpc.port")
    int grpcPort;
    @PropertyInject("im.redis.url")
    String redisUrl;
    @PropertyInject("im.kafka.brokers")
    String kafkaBrokers;
    @PropertyInject("im.kafka.topic")
    String kafkaTopic;
    @PropertyInject("im.shutdown.timeout-seconds")
    @AtLeast(0)
    int shutdownTimeoutSeconds = 30;

    private final AtomicBoolean announced = new AtomicBoolean();

    @Override
    public void configure(CamelContext context) throws Exception {
        // before this listener: the journal's leftovers are on their way when the node says it is ready
        context.addStartupListener(context.getRegistry().lookupByNameAndType(JournalRecovery.BEAN_NAME,
                JournalRecovery.class));
        context.addStartupListener(this);
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
        if (!announced.compareAndSet(false, true)) {
            return; // Camel calls this again for routes started later
        }
        Registry registry = context.getRegistry();
        HttpErrorHandlers.install(context, httpPort, maxBodyBytesInFlight > 0 ? maxBodyBytesInFlight
                : Runtime.getRuntime().maxMemory() / 8, maxBodyBytes, retryAfterSeconds);
        registry.findSingleByType(Operations.class).start(context);
        registry.findSingleByType(DiscoveryRegistration.class).renew();
        LOG.info("im-logic ready: HTTP API on {}:{}, gRPC on {}:{}, Redis {}, Kafka {} topic {} ({})", httpHost,
                httpPort, grpcHost, grpcPort, StartupChecks.redactPassword(redisUrl), kafkaBrokers, kafkaTopic,
                registry.findSingleByType(PushMessageFormat.class).encoding());
    }

    /**
     * Stops taking work and lets the work taken finish, for up to {@code im.shutdown.timeout-seconds}: this node
     * leaves goim's discovery (comets stop dialling it), the HTTP server refuses new requests (503, so clients and
     * the load balancer go elsewhere) and answers those it had taken, and the pushes already accepted drain through
     * the pipeline. Camel's own stop comes after, and the Kafka producer flushes then.
     */
    public void drain(CamelContext context) throws Exception {
        if (context == null || !context.isStarted()) {
            return;
        }
        Registry registry = context.getRegistry();
        DiscoveryRegistration discovery = registry.findSingleByType(DiscoveryRegistration.class);
        if (discovery != null) {
            discovery.cancel();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(shutdownTimeoutSeconds).toNanos();
        RequestGate gate = registry.findSingleByType(RequestGate.class);
        if (gate != null && !gate.closeAndAwait(Duration.ofSeconds(shutdownTimeoutSeconds))) {
            LOG.warn("stopping with HTTP requests still unanswered after {} s", shutdownTimeoutSeconds);
        }
        for (Route route : context.getRoutes()) {
            if (route.getEndpoint() instanceof PlatformHttpEndpoint) {
                context.getRouteController().suspendRoute(route.getId());
            }
        }
        PipelineBudget budget = registry.findSingleByType(PipelineBudget.class);
        while (budget != null && budget.inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (budget != null && budget.inFlight() > 0) {
            LOG.warn("stopping with {} accepted pushes not yet delivered after {} s; they stay in the journal",
                    budget.inFlight(), shutdownTimeoutSeconds);
        }
    }
}
