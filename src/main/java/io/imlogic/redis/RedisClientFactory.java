package io.imlogic.redis;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;

import java.util.Arrays;
import java.util.Locale;

/**
 * Builds the Redisson client from {@code im.redis.*} settings: one server, a Redis Cluster or a Sentinel group.
 *
 * <p>StringCodec throughout: goim and im-cloud write plain strings, which Redisson's default Kryo codec cannot read.
 * In cluster and sentinel modes reads go to masters: a replica may not have seen a connect that just happened.
 * Redisson splits the pipelined lookups and MGETs per master, so the lookups need nothing cluster-specific.
 */
public final class RedisClientFactory {

    private RedisClientFactory() {
    }

    /** One server at {@code url}: {@code redis://[user:password@]host:port[/db]}, {@code rediss://} for TLS. */
    public static RedissonClient create(String url, String username, String password, int poolSize,
                                        int timeoutMillis) {
        return create("single", url, "", username, password, poolSize, timeoutMillis);
    }

    /**
     * @param mode          {@code single}, {@code cluster} or {@code sentinel}
     * @param nodes         single: the server URL; cluster: seed nodes; sentinel: sentinel addresses (comma-separated)
     * @param masterName    the sentinel master's name (sentinel mode only)
     * @param poolSize      connections per server; pipelined batches need few
     * @param timeoutMillis per-command response timeout
     */
    public static RedissonClient create(String mode, String nodes, String masterName, String username,
                                        String password, int poolSize, int timeoutMillis) {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.setThreads(2);
        config.setNettyThreads(4);
        String[] addresses = Arrays.stream(nodes.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toArray(String[]::new);
        BaseConfig<?> server = switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "single" -> config.useSingleServer().setAddress(addresses[0])
                    .setConnectionPoolSize(poolSize)
                    .setConnectionMinimumIdleSize(Math.min(poolSize, 4));
            case "cluster" -> config.useClusterServers().addNodeAddress(addresses)
                    .setReadMode(ReadMode.MASTER)
                    .setMasterConnectionPoolSize(poolSize)
                    .setMasterConnectionMinimumIdleSize(Math.min(poolSize, 4));
            case "sentinel" -> config.useSentinelServers().addSentinelAddress(addresses).setMasterName(masterName)
                    .setReadMode(ReadMode.MASTER)
                    .setMasterConnectionPoolSize(poolSize)
                    .setMasterConnectionMinimumIdleSize(Math.min(poolSize, 4));
            default -> throw new IllegalArgumentException("im.redis.mode must be single, cluster or sentinel, not '"
                    + mode + "'");
        };
        server.setConnectTimeout(Math.max(timeoutMillis, 2000))
                .setTimeout(timeoutMillis)
                // failures are retried by the pipeline, with its own backoff and dead letters
                .setRetryAttempts(0);
        if (!username.isEmpty()) {
            server.setUsername(username);
        }
        if (!password.isEmpty()) {
            server.setPassword(password);
        }
        return Redisson.create(config);
    }
}
