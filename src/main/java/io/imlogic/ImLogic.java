package io.imlogic;

import io.imlogic.api.RequestGate;
import io.imlogic.config.ImLogicBeans;
import io.imlogic.config.Locations;
import io.imlogic.config.PathFunction;
import io.imlogic.config.StartupException;
import io.imlogic.discovery.DiscoveryRegistration;
import io.imlogic.ops.Tracing;
import io.imlogic.pipeline.PipelineBudget;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The im-logic service: Camel Main with the YAML routes of {@code routes/}, the settings of
 * {@code config/application.properties} and the beans of {@link ImLogicBeans}.
 *
 * <p>{@link #main} runs it until SIGTERM or Ctrl-C; tests and the dev launcher start and stop it in-process.
 */
public final class ImLogic implements AutoCloseable {

    /**
     * Where the settings are read from, relative to the working folder or the jar's ({@link Locations}); the
     * environment variable IM_CONFIG_FILE points elsewhere.
     */
    public static final String DEFAULT_CONFIG_FILE = "config/application.properties";

    private static final Logger LOG = LoggerFactory.getLogger(ImLogic.class);

    private final Main main;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** @param overrides settings that beat the file (tests, the dev launcher); the environment still beats both */
    public ImLogic(Map<String, String> overrides) {
        Locations locations = Locations.ofThisProcess();
        // no main class: Main(Class) would also scan this package and run ImLogicBeans a second time
        main = new Main();
        main.setPropertyPlaceholderLocations("file:" + locations.configFile());
        main.bind(Locations.BEAN, locations);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeInitialize(BaseMainSupport starting) {
                // before camel.main.* are read: the routes folder in them goes through {{im-path:...}}
                PropertiesComponent properties = starting.getCamelContext().getPropertiesComponent();
                properties.addPropertiesFunction(new PathFunction(properties, locations));
            }

            @Override
            public void beforeConfigure(BaseMainSupport starting) {
                // before camel.opentelemetry2.* start Camel's tracer, which looks for the SDK's tracer once
                try {
                    Tracing.install(starting.getCamelContext());
                } catch (Exception e) {
                    throw new StartupException("tracing cannot start (" + e.getMessage() + "); check IM_TRACING_ENABLED "
                            + "and the OTEL_* variables", e);
                }
            }
        });
        main.configure().addConfiguration(ImLogicBeans.class);
        overrides.forEach(main::addOverrideProperty);
    }

    /** Starts Camel; throws {@link StartupException} (possibly wrapped) when a dependency is missing. */
    public void start() throws Exception {
        main.start();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /**
     * Stops gracefully: this node leaves goim's discovery (comets stop dialling it), the HTTP server stops taking
     * requests (503, so clients and the load balancer go elsewhere) and answers those it had taken, the
     * pushes already accepted drain through the pipeline for up to
     * {@code im.shutdown.timeout-seconds}, then Camel stops and the Kafka producer flushes.
     */
    @Override
    public void close() {
        try {
            drain();
        } catch (Exception e) {
            LOG.warn("graceful drain interrupted: {}", e.getMessage());
        } finally {
            try {
                main.stop();
            } finally {
                stopped.countDown();
            }
        }
    }

    private void drain() throws Exception {
        CamelContext context = main.getCamelContext();
        if (context == null || !context.isStarted()) {
            return;
        }
        DiscoveryRegistration discovery = context.getRegistry().findSingleByType(DiscoveryRegistration.class);
        if (discovery != null) {
            discovery.cancel();
        }
        int timeout = context.getPropertiesComponent().resolveProperty("im.shutdown.timeout-seconds")
                .map(String::trim).map(Integer::parseInt).orElse(30);
        long deadline = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
        RequestGate gate = context.getRegistry().findSingleByType(RequestGate.class);
        if (gate != null && !gate.closeAndAwait(Duration.ofSeconds(timeout))) {
            LOG.warn("stopping with HTTP requests still unanswered after {} s", timeout);
        }
        for (Route route : context.getRoutes()) {
            if (route.getEndpoint() instanceof PlatformHttpEndpoint) {
                context.getRouteController().suspendRoute(route.getId());
            }
        }
        PipelineBudget budget = context.getRegistry().lookupByNameAndType("pipelineBudget", PipelineBudget.class);
        while (budget != null && budget.inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (budget != null && budget.inFlight() > 0) {
            LOG.warn("stopping with {} accepted pushes not yet delivered after {} s; they stay in the journal",
                    budget.inFlight(), timeout);
        }
    }

    /** Blocks until {@link #close()} ran, e.g. from the shutdown hook. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public static void main(String[] args) throws Exception {
        run(Map.of(), () -> { });
    }

    /**
     * Starts the service, runs {@code whenReady}, then serves until SIGTERM / Ctrl-C; exits 1 with one line when it
     * cannot start.
     */
    public static void run(Map<String, String> overrides, Runnable whenReady) throws Exception {
        ImLogic service;
        try {
            service = new ImLogic(overrides);
            service.start();
        } catch (Exception e) {
            StartupException startup = StartupException.findIn(e);
            if (startup == null) {
                throw e;
            }
            System.err.println("im-logic cannot start: " + startup.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "im-logic-shutdown"));
        whenReady.run();
        service.awaitStop();
    }
}
