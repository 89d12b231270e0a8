package io.imlogic.bench;

import io.imlogic.dev.EmbeddedKafka;
import io.imlogic.dev.EmbeddedRedis;
import io.imlogic.dev.FreePorts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real servers of a bench run, in their own JVM so that they do not share a heap or a JIT with the service:
 * a single-node KRaft Kafka (the project's {@link EmbeddedKafka}) and, when asked, a Redis through the project's
 * {@link EmbeddedRedis} (Debian's redis-server when on PATH, else the binary of the embedded-redis jar).
 *
 * <p>{@code BenchServers DATA_DIR READY_FILE [redis]}: writes {@code kafka=host:port} (and {@code redis=url}) to
 * READY_FILE once everything answers, then runs until stdin closes or the process is terminated.
 */
public final class BenchServers {

    private BenchServers() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]).toAbsolutePath();
        Path ready = Path.of(args[1]);
        boolean withRedis = args.length > 2 && args[2].equals("redis");
        List<AutoCloseable> servers = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (int i = servers.size() - 1; i >= 0; i--) {
                try {
                    servers.get(i).close();
                } catch (Exception e) {
                    System.err.println("stop failed: " + e);
                }
            }
        }, "bench-servers-stop"));

        StringBuilder out = new StringBuilder();
        EmbeddedKafka kafka = new EmbeddedKafka(FreePorts.pick(), FreePorts.pick(), data.resolve("kafka"));
        kafka.start();
        servers.add(kafka);
        out.append("kafka=").append(kafka.bootstrapServers()).append('\n');
        if (withRedis) {
            EmbeddedRedis redis = new EmbeddedRedis(FreePorts.pick(), data.resolve("redis"));
            redis.start();
            servers.add(redis);
            out.append("redis=").append(redis.url()).append('\n');
        }
        Path tmp = ready.resolveSibling(ready.getFileName() + ".tmp");
        Files.writeString(tmp, out.toString());
        Files.move(tmp, ready);
        System.out.print(out);
        System.out.flush();
        // stdin is /dev/null when started in the background: then wait for SIGTERM
        while (System.in.read() >= 0) {
            // keep reading
        }
        Thread.currentThread().join();
    }
}
