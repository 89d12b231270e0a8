package io.imlogic.dev;

import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.Map;

/**
 * Writes a few connections in goim's layout, as comet nodes would, so a newcomer's first push reaches Kafka.
 *
 * <p>mid 1 has two connections on comet-1 and comet-2, mid 2 one on comet-1, mid 3 one on comet-2.
 */
public final class DemoConnections {

    public static final Map<Long, Map<String, String>> CONNECTIONS = Map.of(
            1L, Map.of("demo-key-1a", "comet-1", "demo-key-1b", "comet-2"),
            2L, Map.of("demo-key-2", "comet-1"),
            3L, Map.of("demo-key-3", "comet-2"));

    private DemoConnections() {
    }

    public static void seed(RedissonClient redis, Duration expiry) {
        RBatch batch = redis.createBatch();
        CONNECTIONS.forEach((mid, keys) -> {
            batch.getMap("mid_" + mid, StringCodec.INSTANCE).putAllAsync(keys);
            batch.getMap("mid_" + mid, StringCodec.INSTANCE).expireAsync(expiry);
            keys.forEach((key, server) -> batch.getBucket("key_" + key, StringCodec.INSTANCE).setAsync(server, expiry));
        });
        batch.execute();
    }
}
