package io.imlogic.dev;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server process bound to 127.0.0.1, without persistence. It can be stopped and started
 * again on the same port any number of times, which tests use to simulate a Redis outage.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private static final long START_TIMEOUT_MS = 10_000;
    private static final long STOP_TIMEOUT_MS = 5_000;

    private final int port;
    private final Path dataDir;
    private final Thread killOnExit = new Thread(this::killNow, "embedded-redis-kill");
    private Path executable;
    private Process process;
    private boolean ownSession;

    public EmbeddedRedis(int port, Path dataDir) {
        this.port = port;
        this.dataDir = dataDir.toAbsolutePath();
    }

    public int port() {
        return port;
    }

    /**
     * Starts the server in a session of its own (through {@code setsid}, when there is one), so that a Ctrl-C in
     * the terminal reaches only whoever started it, which can then stop Redis last: the dev launcher lets the
     * service drain its accepted pushes through Redis before it stops Redis.
     */
    public EmbeddedRedis inOwnSession() {
        this.ownSession = true;
        return this;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server and returns once it answers PING; does nothing if it is already running. */
    public synchronized void start() {
        if (process != null) {
            if (process.isAlive()) {
                return;
            }
            stop(); // it died on its own: forget it before starting a new one
        }
        try {
            Files.createDirectories(dataDir);
            process = new ProcessBuilder(command())
                    .directory(dataDir.toFile())
                    .redirectErrorStream(true)
                    // A file rather than a pipe: nobody drains a pipe, and a full one would block Redis.
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start redis-server on port " + port, e);
        }
        // Without this, a test JVM that dies before stop() would leave an orphan redis-server behind.
        Runtime.getRuntime().addShutdownHook(killOnExit);
        awaitPong();
    }

    /** Stops the server and waits for the process to end; does nothing if it is not running. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        try {
            // SIGTERM lets Redis close its listening socket cleanly; with "--save ''" it writes nothing.
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            process = null;
            removeShutdownHook();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        if (ownSession) {
            // without setsid (macOS) the terminal's SIGINT stops Redis at once: the service then retries its last
            // pushes and leaves them in its journal, which resends them at the next start
            findOnPath("setsid").ifPresent(setsid -> command.add(setsid.toString()));
        }
        command.addAll(List.of(executable().toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", dataDir.toString(),
                "--protected-mode", "no",
                "--daemonize", "no"));
        return command;
    }

    /** A redis-server on PATH wins (Debian's is newer); else the binary shipped in the embedded-redis jar. */
    private Path executable() {
        if (executable == null) {
            executable = findOnPath("redis-server").orElseGet(this::extractFromJar);
        }
        return executable;
    }

    private static Optional<Path> findOnPath(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name))
                .filter(file -> Files.isRegularFile(file) && Files.isExecutable(file))
                .findFirst();
    }

    private Path extractFromJar() {
        try {
            return ExecutableProvider.newJarResourceProvider(dataDir.toFile()).get().toPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not extract redis-server from the embedded-redis jar", e);
        }
    }

    private void awaitPong() {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                int exit = process.exitValue();
                stop();
                throw new IllegalStateException("redis-server on port " + port + " exited with " + exit
                        + " during startup: " + lastLogLine() + " (see " + logFile() + ")");
            }
            if (answersPing(port)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("Interrupted while waiting for redis-server", e);
            }
        }
        stop();
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                + START_TIMEOUT_MS + " ms; see " + logFile());
    }

    /** Whether the server answers PING right now. */
    public boolean ping() {
        return answersPing(port);
    }

    /** Raw RESP, so that checking readiness needs no Redis client library. */
    private static boolean answersPing(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return "+PONG".equals(in.readLine());
        } catch (IOException e) {
            return false;
        }
    }

    private Path logFile() {
        return dataDir.resolve("redis-" + port + ".log");
    }

    private String lastLogLine() {
        try (Stream<String> lines = Files.lines(logFile())) {
            return lines.reduce((first, second) -> second).orElse("no output");
        } catch (IOException | UncheckedIOException e) {
            return "log unreadable";
        }
    }

    private void killNow() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to; nothing left to undo.
        }
    }
}
