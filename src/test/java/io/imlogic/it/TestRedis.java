package io.imlogic.it;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

import java.util.List;

/**
 * The tests' side of Redis, on Jedis: assertions about what the service did to Redis go through a client of their
 * own, not through Redisson, the service's client. Also the goim layout the tests seed (see wire-compat: Redis).
 */
public final class TestRedis {

    /** Long enough for a command queued behind a test's own {@code CLIENT PAUSE} of a few seconds. */
    private static final int TIMEOUT_MILLIS = 10_000;

    private TestRedis() {
    }

    /** A new connection to the shared test Redis; close it. */
    public static Jedis connect() {
        return new Jedis("127.0.0.1", TestServers.redis().port(), TIMEOUT_MILLIS);
    }

    /** A user's connection as goim's comet writes it on connect. */
    public record Connection(long mid, String key, String server) {
    }

    public static Connection connection(long mid, String key, String server) {
        return new Connection(mid, key, server);
    }

    /**
     * Writes the connections in one pipelined round trip, each as goim's comet does on connect:
     * {@code HSET mid_{mid} key server}, {@code EXPIRE mid_{mid} 3600}, {@code SET key_{key} server EX 3600}.
     */
    public static void seed(Jedis redis, List<Connection> connections) {
        Pipeline pipeline = redis.pipelined();
        for (Connection c : connections) {
            pipeline.hset("mid_" + c.mid(), c.key(), c.server());
            pipeline.expire("mid_" + c.mid(), 3600);
            pipeline.set("key_" + c.key(), c.server(), SetParams.setParams().ex(3600));
        }
        pipeline.sync();
    }

    public static void seed(Jedis redis, Connection... connections) {
        seed(redis, List.of(connections));
    }

    /** A field of {@code INFO section}, e.g. {@code info(redis, "stats", "total_reads_processed")}; null if absent. */
    public static String info(Jedis redis, String section, String field) {
        for (String line : redis.info(section).split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        return null;
    }

    /** Calls of a command so far, from {@code INFO commandstats} (0 when never called). */
    public static long commandCalls(Jedis redis, String command) {
        String stats = info(redis, "commandstats", "cmdstat_" + command);
        if (stats == null) {
            return 0;
        }
        return Long.parseLong(stats.substring("calls=".length(), stats.indexOf(',')));
    }
}
