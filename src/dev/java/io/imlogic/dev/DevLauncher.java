package io.imlogic.dev;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import sun.misc.Signal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The README's run command ({@code ./mvnw -Pdev}): im-logic as production runs it, on real servers this launcher
 * starts itself when none is configured.
 *
 * <p>Without IM_REDIS_URL it starts a Redis server (port IM_DEV_REDIS_PORT, default 6379 when free) and seeds demo
 * connections; without IM_KAFKA_BROKERS a single-node KRaft broker in this JVM (IM_DEV_KAFKA_PORT, default 9092 when
 * free). Data lives under IM_DEV_DATA_DIR (default {@code target/dev}). Then it starts the service in a JVM of its
 * own, {@code java <ServiceJvm options> -cp <runtime classpath> io.imlogic.ImLogic}, configured through the same
 * IM_* environment variables as in production; Maven writes that classpath (runtime scope: no broker, no Redis
 * binary, no test library) to {@code target/runtime-classpath.txt}. The service's output goes to this process's
 * output.
 *
 * <p>Ctrl-C (or SIGTERM, SIGHUP) stops the service first, with SIGTERM so that it drains what it accepted through
 * Redis and Kafka, then Kafka, then Redis. Exits 1 when the service does not become ready, and with the service's
 * own code when it dies by itself.
 */
public final class DevLauncher {

    private static final String HEALTH_READY = "/observe/health/ready";

    private final List<AutoCloseable> servers = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile Process service;

    private DevLauncher() {
    }

    public static void main(String[] args) throws Exception {
        new DevLauncher().run();
    }

    private void run() throws Exception {
        // before anything starts: from here on a signal stops what has been started so far, in order
        for (String signal : new String[] {"INT", "TERM", "HUP"}) {
            handle(signal);
        }
        // a JVM that exits some other way must not leave the service running on its own
        Runtime.getRuntime().addShutdownHook(new Thread(this::killServiceIfAlive, "dev-launcher-exit"));

        Path data = Path.of(System.getenv().getOrDefault("IM_DEV_DATA_DIR", "target/dev"));
        Map<String, String> serviceEnv = new LinkedHashMap<>();
        boolean seed = Boolean.parseBoolean(System.getenv().getOrDefault("IM_DEMO_SEED", "false"));
        String redisUrl = System.getenv("IM_REDIS_URL");
        String brokers = System.getenv("IM_KAFKA_BROKERS");
        String classpath = runtimeClasspath();

        try {
            if (redisUrl == null) {
                EmbeddedRedis redis = new EmbeddedRedis(port("IM_DEV_REDIS_PORT", 6379), data.resolve("redis"))
                        .inOwnSession();
                servers.add(redis);
                redis.start();
                redisUrl = redis.url();
                serviceEnv.put("IM_REDIS_URL", redisUrl);
                seed = true;
            }
            if (brokers == null) {
                EmbeddedKafka kafka = new EmbeddedKafka(port("IM_DEV_KAFKA_PORT", 9092), FreePorts.pick(),
                        data.resolve("kafka"));
                servers.add(kafka);
                kafka.start();
                kafka.createTopic(System.getenv().getOrDefault("IM_KAFKA_TOPIC", "goim-push-topic"), 4);
                brokers = kafka.bootstrapServers();
                serviceEnv.put("IM_KAFKA_BROKERS", brokers);
            }
            if (seed) {
                // Redisson directly, not the service's factory: the launcher must not depend on the service's code
                Config config = new Config();
                config.useSingleServer().setAddress(redisUrl).setConnectionMinimumIdleSize(1).setConnectionPoolSize(1);
                RedissonClient client = Redisson.create(config);
                try {
                    DemoConnections.seed(client, Duration.ofHours(24));
                } finally {
                    client.shutdown();
                }
            }
        } catch (RuntimeException e) {
            System.err.println("dev launcher: could not start the embedded servers: " + e.getMessage());
            stop(1);
            return;
        }

        String managementPort = System.getenv("IM_MANAGEMENT_PORT");
        if (managementPort == null) {
            // the default port may belong to another service: then pick one, the banner says which
            managementPort = Integer.toString(FreePorts.isFree(9876) ? 9876 : FreePorts.pick());
            serviceEnv.put("IM_MANAGEMENT_PORT", managementPort);
        }
        String overrides = ServiceJvm.overridesFromEnvironment();
        List<String> command = ServiceJvm.command(classpath, overrides);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(serviceEnv);
        synchronized (this) {
            if (stopping.get()) {
                return; // a signal came while the servers started; it stops them and exits
            }
            service = builder.start();
        }

        URI health = URI.create("http://" + managementHost() + ":" + managementPort + HEALTH_READY);
        if (!awaitReady(health, Duration.ofSeconds(Long.parseLong(
                System.getenv().getOrDefault("IM_DEV_START_TIMEOUT_SECONDS", "120"))))) {
            if (!service.isAlive()) {
                System.err.println("dev launcher: im-logic exited with " + service.exitValue() + " during start-up");
                stop(service.exitValue() == 0 ? 1 : service.exitValue());
            } else if (!stopping.get()) {
                System.err.println("dev launcher: im-logic did not report ready on " + health);
                stop(1);
            }
            awaitExitByStopper();
            return;
        }
        printBanner(serviceEnv, redisUrl, brokers, seed, managementPort, command);

        int code = service.waitFor();
        // it stopped by itself (or the terminal's Ctrl-C reached it first): the servers go too
        stop(graceful(code) ? 0 : code);
        awaitExitByStopper();
    }

    /**
     * Stops the service (SIGTERM, then waits for its drain), then the embedded servers in reverse order of start,
     * and exits. Only the first caller does it; the service's drain needs Redis and Kafka, hence the order.
     */
    private void stop(int code) {
        synchronized (this) {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
        }
        int exit = code;
        Process running = service;
        if (running != null) {
            running.destroy();
            try {
                long drain = Long.parseLong(System.getenv().getOrDefault("IM_SHUTDOWN_TIMEOUT_SECONDS", "30"));
                if (!running.waitFor(drain + 15, TimeUnit.SECONDS)) {
                    System.err.println("dev launcher: im-logic still running " + (drain + 15)
                            + " s after SIGTERM, killing it");
                    running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    exit = exit == 0 ? 1 : exit;
                } else if (exit == 0 && !graceful(running.exitValue())) {
                    exit = running.exitValue();
                }
            } catch (InterruptedException e) {
                running.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        for (int i = servers.size() - 1; i >= 0; i--) {
            try {
                servers.get(i).close();
            } catch (Exception e) {
                System.err.println("dev launcher: could not stop " + servers.get(i) + ": " + e.getMessage());
            }
        }
        System.exit(exit);
    }

    /** The stop runs on another thread and ends with System.exit: returning to Maven before that would race it. */
    private void awaitExitByStopper() throws InterruptedException {
        Thread.currentThread().join();
    }

    /** Exit codes of a JVM that ran its shutdown hooks: 0, or 128 + SIGINT / SIGTERM / SIGHUP. */
    private static boolean graceful(int code) {
        return code == 0 || code == 130 || code == 143 || code == 129;
    }

    private void handle(String name) {
        try {
            // replaces the JVM's own handler, which would run the shutdown hooks concurrently (Kafka and Redis
            // would stop while the service still drains through them)
            Signal.handle(new Signal(name), signal -> new Thread(() -> stop(0), "dev-launcher-stop").start());
        } catch (IllegalArgumentException ignoredSignal) {
            // e.g. SIGHUP under nohup: the JVM keeps its own handling
        }
    }

    private void killServiceIfAlive() {
        Process running = service;
        if (running != null && running.isAlive()) {
            running.destroy();
            try {
                running.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.destroyForcibly();
        }
    }

    private boolean awaitReady(URI health, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && service.isAlive() && !stopping.get()) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notListeningYet) {
                // the management server starts with Camel
            }
            service.waitFor(200, TimeUnit.MILLISECONDS);
        }
        return false;
    }

    /** target/classes, then the runtime dependencies Maven resolved for this build. */
    private static String runtimeClasspath() {
        Path classes = Path.of(System.getProperty("im.dev.classes", "target/classes"));
        Path file = Path.of(System.getProperty("im.dev.classpath-file", "target/runtime-classpath.txt"));
        if (!Files.isRegularFile(file) || !Files.isDirectory(classes)) {
            System.err.println("dev launcher: " + file + " or " + classes + " is missing: start it with ./mvnw -Pdev");
            System.exit(1);
        }
        try {
            return classes.toAbsolutePath() + java.io.File.pathSeparator
                    + Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String managementHost() {
        String host = System.getenv("IM_MANAGEMENT_HOST");
        return host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    }

    private void printBanner(Map<String, String> serviceEnv, String redisUrl, String brokers, boolean seeded,
                             String managementPort, List<String> command) {
        String port = System.getenv().getOrDefault("IM_HTTP_PORT", "3111");
        StringBuilder text = new StringBuilder("\n=== im-logic dev launcher ===\n");
        text.append("Redis : ").append(redisUrl)
                .append(serviceEnv.containsKey("IM_REDIS_URL") ? "  (embedded)" : "").append('\n');
        text.append("Kafka : ").append(brokers)
                .append(serviceEnv.containsKey("IM_KAFKA_BROKERS") ? "  (embedded, KRaft)" : "").append('\n');
        text.append("HTTP  : http://127.0.0.1:").append(port).append('\n');
        text.append("gRPC  : 127.0.0.1:").append(System.getenv().getOrDefault("IM_GRPC_PORT", "3119"))
                .append("  (goim.logic.Logic, for goim's comets)\n");
        text.append("Health: http://127.0.0.1:").append(managementPort).append("/observe/health, metrics at ")
                .append("/observe/metrics\n");
        // the options, not the classpath: that is hundreds of characters nobody reads
        text.append("JVM   : pid ").append(service.pid()).append(", java ")
                .append(String.join(" ", command.subList(1, command.indexOf("-cp")))).append(' ')
                .append(ServiceJvm.MAIN_CLASS).append(" (IM_JAVA_OPTS adds options)\n");
        if (seeded) {
            text.append("Demo connections: mid 1 (comet-1, comet-2), mid 2 (comet-1), mid 3 (comet-2)\n");
        }
        text.append("Try   : curl -i -H 'Content-Type: application/json' -d '{\"operation\":1000,\"mids\":[1,2,3],"
                + "\"msg\":\"hello\"}' http://127.0.0.1:").append(port).append("/im/push/mids\n");
        text.append("Read  : ./mvnw -q exec:java@tail -Dtail.brokers=").append(brokers).append('\n');
        text.append("Stop  : Ctrl-C (the service drains, then Kafka and Redis stop)\n");
        System.out.println(text);
        System.out.flush();
    }

    private static int port(String variable, int preferred) {
        String configured = System.getenv(variable);
        if (configured != null) {
            return Integer.parseInt(configured.trim());
        }
        return FreePorts.isFree(preferred) ? preferred : FreePorts.pick();
    }
}
