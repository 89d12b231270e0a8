package io.imlogic.redis;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;

/**
 * Builds the Redisson client from {@code im.redis.*} settings.
 *
 * <p>StringCodec throughout: goim and im-cloud write plain strings, which Redisson's default Kryo codec cannot read.
 */
public final class RedisClientFactory {

    private RedisClientFactory() {
    }

    /**
     * @param url            {@code redis://[user:password@]host:port[/db]} or {@code rediss://} for TLS
     * @param password       password when not in the URL (empty for none)
     * @param poolSize       connections kept to the server; pipelined batches need few
     * @param timeoutMillis  per-command response timeout
     */
    public static RedissonClient create(String url, String username, String password, int poolSize,
                                        int timeoutMillis) {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.setThreads(2);
        config.setNettyThreads(4);
        SingleServerConfig server = config.useSingleServer()
                .setAddress(url)
                .setConnectionPoolSize(poolSize)
                .setConnectionMinimumIdleSize(Math.min(poolSize, 4))
                .setConnectTimeout(Math.max(timeoutMillis, 2000))
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
