package io.imlogic.dev;

import io.imlogic.ImLogic;
import io.imlogic.redis.RedisClientFactory;
import org.redisson.api.RedissonClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The README's run command: im-logic on real servers it starts itself when none is configured.
 *
 * <p>Without IM_REDIS_URL it starts a Redis server (port IM_DEV_REDIS_PORT, default 6379 when free) and seeds demo
 * connections; without IM_KAFKA_BROKERS a single-node KRaft broker (IM_DEV_KAFKA_PORT, default 9092 when free).
 * Data lives under {@code target/dev}; everything stops with the service. Lives with the tests, so the broker and
 * the Redis binary never reach the production classpath.
 */
public final class DevLauncher {

    private DevLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> overrides = new HashMap<>();
        List<AutoCloseable> servers = new ArrayList<>();
        Path data = Path.of("target", "dev");
        boolean seed = Boolean.parseBoolean(System.getenv().getOrDefault("IM_DEMO_SEED", "false"));

        if (System.getenv("IM_REDIS_URL") == null) {
            EmbeddedRedis redis = new EmbeddedRedis(port("IM_DEV_REDIS_PORT", 6379), data.resolve("redis"));
            redis.start();
            servers.add(redis);
            overrides.put("im.redis.url", redis.url());
            seed = true;
        }
        if (System.getenv("IM_KAFKA_BROKERS") == null) {
            int brokerPort = port("IM_DEV_KAFKA_PORT", 9092);
            EmbeddedKafka kafka = new EmbeddedKafka(brokerPort, FreePorts.pick(), data.resolve("kafka"));
            kafka.start();
            kafka.createTopic(System.getenv().getOrDefault("IM_KAFKA_TOPIC", "goim-push-topic"), 4);
            servers.add(0, kafka);
            overrides.put("im.kafka.brokers", kafka.bootstrapServers());
        }
        String redisUrl = overrides.getOrDefault("im.redis.url", System.getenv("IM_REDIS_URL"));
        if (seed) {
            RedissonClient client = RedisClientFactory.create(redisUrl, "", "", 1, 3000);
            try {
                DemoConnections.seed(client, Duration.ofHours(24));
            } finally {
                client.shutdown();
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> servers.forEach(DevLauncher::closeQuietly),
                "embedded-servers-shutdown"));
        boolean seeded = seed;
        try {
            ImLogic.run(overrides, () -> printBanner(overrides, seeded));
        } catch (Exception e) {
            // the broker's threads would keep the JVM alive after a failed start: stop everything and say so
            System.err.println("im-logic failed to start: " + e);
            System.exit(1);
        }
    }

    private static void printBanner(Map<String, String> overrides, boolean seeded) {
        String port = System.getenv().getOrDefault("IM_HTTP_PORT", "3111");
        String brokers = overrides.getOrDefault("im.kafka.brokers", System.getenv("IM_KAFKA_BROKERS"));
        StringBuilder text = new StringBuilder("\n=== im-logic dev launcher ===\n");
        text.append("Redis : ").append(overrides.getOrDefault("im.redis.url", System.getenv("IM_REDIS_URL")))
                .append(overrides.containsKey("im.redis.url") ? "  (embedded)" : "").append('\n');
        text.append("Kafka : ").append(brokers)
                .append(overrides.containsKey("im.kafka.brokers") ? "  (embedded, KRaft)" : "").append('\n');
        text.append("HTTP  : http://127.0.0.1:").append(port).append('\n');
        text.append("gRPC  : 127.0.0.1:").append(System.getenv().getOrDefault("IM_GRPC_PORT", "3119"))
                .append("  (goim.logic.Logic, for goim's comets)\n");
        if (seeded) {
            text.append("Demo connections: mid 1 (comet-1, comet-2), mid 2 (comet-1), mid 3 (comet-2)\n");
        }
        text.append("Try   : curl -i -H 'Content-Type: application/json' -d '{\"operation\":1000,\"mids\":[1,2,3],"
                + "\"msg\":\"hello\"}' http://127.0.0.1:").append(port).append("/im/push/mids\n");
        text.append("Read  : ./mvnw -q exec:java@tail -Dtail.brokers=").append(brokers).append('\n');
        System.out.println(text);
    }

    private static int port(String variable, int preferred) {
        String configured = System.getenv(variable);
        if (configured != null) {
            return Integer.parseInt(configured.trim());
        }
        return FreePorts.isFree(preferred) ? preferred : FreePorts.pick();
    }

    private static void closeQuietly(AutoCloseable server) {
        try {
            server.close();
        } catch (Exception e) {
            System.err.println("could not stop " + server + ": " + e.getMessage());
        }
    }
}
