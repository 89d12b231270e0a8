package io.imlogic;

import io.imlogic.config.ImLogicBeans;
import io.imlogic.config.StartupException;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The im-logic service: Camel Main with the YAML routes of {@code routes/}, the settings of
 * {@code config/application.properties} and the beans of {@link ImLogicBeans}.
 *
 * <p>{@link #main} runs it until SIGTERM or Ctrl-C; tests and the dev launcher start and stop it in-process.
 */
public final class ImLogic implements AutoCloseable {

    /** Where the settings are read from; the environment variable IM_CONFIG_FILE points elsewhere. */
    public static final String DEFAULT_CONFIG_FILE = "config/application.properties";

    private final Main main;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** @param overrides settings that beat the file (tests, the dev launcher); the environment still beats both */
    public ImLogic(Map<String, String> overrides) {
        String configFile = System.getenv().getOrDefault("IM_CONFIG_FILE", DEFAULT_CONFIG_FILE);
        if (!Files.isRegularFile(Path.of(configFile))) {
            throw new StartupException("configuration file " + Path.of(configFile).toAbsolutePath()
                    + " not found: run from the project folder or set IM_CONFIG_FILE");
        }
        main = new Main(ImLogic.class);
        main.setPropertyPlaceholderLocations("file:" + configFile);
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

    @Override
    public void close() {
        try {
            main.stop();
        } finally {
            stopped.countDown();
        }
    }

    /** Blocks until {@link #close()} ran, e.g. from the shutdown hook. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public static void main(String[] args) throws Exception {
        run(Map.of());
    }

    /** Starts the service, stops it on SIGTERM / Ctrl-C, and exits 1 with one line when it cannot start. */
    public static void run(Map<String, String> overrides) throws Exception {
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
        service.awaitStop();
    }
}
