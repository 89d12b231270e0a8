package io.imlogic.it;

import io.imlogic.ImLogic;
import io.imlogic.dev.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * im-logic as a real, separate JVM process ({@code java -cp <this JVM's classpath> io.imlogic.ImLogic} from the
 * project folder, or the packaged {@code java -jar target/im-logic.jar} from any folder), configured through IM_*
 * environment variables, so that tests can SIGKILL or SIGTERM it. Its output goes to a log file under
 * {@code target/service-processes}.
 */
public final class ServiceProcess implements AutoCloseable {

    /** Where the processes keep their accept journals, one subfolder per node id. */
    public static final Path JOURNAL_DIR = Path.of("target", "crash-journal");


    /** Exit code of a JVM killed by SIGKILL (128 + 9), as {@link Process#exitValue()} reports it. */
    public static final int SIGKILL_EXIT = 137;
    /** Exit code of a JVM that ran its shutdown hooks after SIGTERM (128 + 15). */
    public static final int SIGTERM_EXIT = 143;

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;
    private final TestHttp http = TestHttp.create(Duration.ofSeconds(2));
    /** A test JVM that dies before close() must not leave the service running. */
    private final Thread killOnExit;

    private ServiceProcess(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.killOnExit = new Thread(process::destroyForcibly, "service-process-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts the service against the shared test Redis and Kafka.
     *
     * @param name     names the log file
     * @param port     HTTP port (127.0.0.1)
     * @param nodeId   IM_NODE_ID: names the accept journal
     * @param topic    IM_KAFKA_TOPIC
     * @param extraEnv more IM_* settings, which win
     */
    public static ServiceProcess start(String name, int port, String nodeId, String topic,
                                       Map<String, String> extraEnv) {
        Path projectDir = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(projectDir.resolve(ImLogic.DEFAULT_CONFIG_FILE))) {
            throw new IllegalStateException("not in the project folder: " + projectDir);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        // the production logging, not the tests' logback-test.xml that is also on this classpath
        command.add("-Dlogback.configurationFile=" + projectDir.resolve("src/main/resources/logback.xml"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ImLogic.class.getName());
        return launch(name, command, projectDir, port, nodeId, topic, extraEnv);
    }

    /**
     * Starts the packaged service as an operator would, {@code java -jar <jar>} from {@code workingDir}, against the
     * shared test Redis and Kafka; the settings are as in {@link #start}.
     */
    public static ServiceProcess startJar(String name, Path jar, Path workingDir, int port, String nodeId,
                                          String topic, Map<String, String> extraEnv) {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toAbsolutePath().toString());
        return launch(name, command, workingDir, port, nodeId, topic, extraEnv);
    }

    private static ServiceProcess launch(String name, List<String> command, Path workingDir, int port,
                                         String nodeId, String topic, Map<String, String> extraEnv) {
        Path log = Path.of("target", "service-processes", name + "-" + System.currentTimeMillis() + ".log")
                .toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        // nothing from the machine's IM_* variables: only what the test says
        env.keySet().removeIf(key -> key.startsWith("IM_"));
        env.put("IM_HTTP_PORT", Integer.toString(port));
        env.put("IM_HTTP_HOST", "127.0.0.1");
        // the management server (health, metrics) must not clash with other processes' default port either
        int managementPort = FreePorts.pick();
        env.put("IM_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("IM_MANAGEMENT_HOST", "127.0.0.1");
        // and neither must the comets' gRPC port (goim's 3119)
        env.put("IM_GRPC_PORT", Integer.toString(FreePorts.pick()));
        env.put("IM_GRPC_HOST", "127.0.0.1");
        env.put("IM_REDIS_URL", TestServers.redis().url());
        env.put("IM_KAFKA_BROKERS", TestServers.kafka().bootstrapServers());
        env.put("IM_KAFKA_TOPIC", topic);
        env.put("IM_NODE_ID", nodeId);
        env.put("IM_JOURNAL_DIR", JOURNAL_DIR.toString());
        env.put("IM_KAFKA_LINGER_MS", "1");
        env.put("IM_KAFKA_MAX_BLOCK_MS", "2000");
        env.putAll(extraEnv);
        try {
            Files.createDirectories(log.getParent());
            // a file, not a pipe: nobody has to drain it, and it outlives the process for the post-mortem
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return new ServiceProcess(builder.start(), port, managementPort, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start im-logic as a process", e);
        }
    }

    /** Polls {@code GET /im/online/total} until it answers 200 (the routes are up); fails if the process exits. */
    public ServiceProcess waitUntilReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("im-logic process exited with " + process.exitValue()
                        + " before it was ready; log " + log + ":\n" + logTail(30));
            }
            try {
                HttpResponse<String> answer = http.send(TestHttp.request(uri("/im/online/total"))
                        .timeout(Duration.ofSeconds(2)).GET().build());
                if (answer.statusCode() == 200) {
                    return this;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            sleep(100);
        }
        throw new AssertionError("im-logic process not ready within " + timeout + "; log " + log + ":\n"
                + logTail(30));
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook runs. Returns the exit code. */
    public int sigkill() {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM ({@link Process#destroy()}): the shutdown hook stops Camel. Returns the exit code. */
    public int sigterm(Duration timeout) {
        process.destroy();
        return awaitExit(timeout);
    }

    private int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("im-logic process " + pid() + " still alive after " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
        return process.exitValue();
    }

    public HttpResponse<String> post(String pathAndQuery, String contentType, String body) {
        return http.post(uri(pathAndQuery), contentType, body);
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** The management server: /observe/health, /observe/metrics, /observe/jolokia. */
    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    public HttpResponse<String> get(URI uri) {
        return http.get(uri);
    }

    /** The whole log so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    public String logTail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** Kills the process if it is still running (a failed test must not leave it behind). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway
        }
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
