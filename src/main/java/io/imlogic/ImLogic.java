package io.imlogic;

import io.imlogic.config.Bootstrap;
import io.imlogic.config.Lifecycle;
import io.imlogic.config.Locations;
import io.imlogic.config.StartupException;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The im-logic service: Camel Main with the YAML routes of {@code routes/}, the settings of
 * {@code config/application.properties} and the beans of the configuration classes {@link Bootstrap} lists.
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

    // no main class: Main(Class) would also scan this package and make every configuration a second time
    private final Main main = new Main();
    private final Lifecycle lifecycle;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** @param overrides settings that beat the file (tests, the dev launcher); the environment still beats both */
    public ImLogic(Map<String, String> overrides) {
        lifecycle = Bootstrap.install(main, Locations.ofThisProcess());
        overrides.forEach(main::addOverrideProperty);
    }

    /** Starts Camel; throws {@link StartupException} (possibly wrapped) when a dependency is missing. */
    public void start() throws Exception {
        try {
            main.start();
        } catch (Exception e) {
            // the beans made before the failure (a Redis client, the journal) are closed now, not when the JVM ends
            if (main.getCamelContext() != null) {
                main.getCamelContext().shutdown();
            }
            throw e;
        }
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** Stops gracefully: drains ({@link Lifecycle#drain}), then Camel stops and the Kafka producer flushes. */
    @Override
    public void close() {
        try {
            lifecycle.drain(main.getCamelContext());
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
