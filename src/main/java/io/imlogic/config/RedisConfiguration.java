package io.imlogic.config;

import io.imlogic.redis.OnlineStore;
import io.imlogic.redis.RedisClientFactory;
import io.imlogic.redis.SessionStore;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;
import org.redisson.api.RedissonClient;

/**
 * Redis: the client, shut down when Camel stops (after the routes drained: the registry goes last), and the two
 * stores over it that goim's comets share, the session mapping and the online counts.
 */
public final class RedisConfiguration implements CamelConfiguration {

    @PropertyInject("{{im.redis.mode:single}}")
    String mode;
    @PropertyInject("im.redis.url")
    String url;
    @PropertyInject("im.redis.nodes")
    String nodes;
    @PropertyInject("{{im.redis.sentinel-master:}}")
    String sentinelMaster;
    @PropertyInject("{{im.redis.username:}}")
    String username;
    @PropertyInject("{{im.redis.password:}}")
    String password;
    @PropertyInject("im.redis.pool-size")
    @AtLeast(1)
    int poolSize;
    @PropertyInject("im.redis.timeout-ms")
    @AtLeast(1)
    int timeoutMillis;
    @PropertyInject("im.session.expire")
    GoDuration sessionExpiry;

    @BindToRegistry(value = "redisson", destroyMethod = "shutdown")
    public RedissonClient redisson() {
        String address = mode.equalsIgnoreCase("single") ? url : nodes;
        return StartupChecks.redisAnswers(mode, address, () -> RedisClientFactory.create(mode, address,
                sentinelMaster, username, password, poolSize, timeoutMillis));
    }

    /** goim's mid_* and key_* hashes. */
    @BindToRegistry("sessionStore")
    public SessionStore sessionStore(RedissonClient redis) {
        return new SessionStore(redis, sessionExpiry.duration(), timeoutMillis);
    }

    /** goim's ol_* room counts of each comet server. */
    @BindToRegistry("onlineStore")
    public OnlineStore onlineStore(RedissonClient redis) {
        return new OnlineStore(redis, sessionExpiry.duration(), timeoutMillis);
    }
}
