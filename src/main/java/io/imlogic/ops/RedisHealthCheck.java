package io.imlogic.ops;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.redisson.api.RedissonClient;

import java.util.Map;

/** Readiness: Redis answers PING. Without it no push can be resolved and no session written. */
public final class RedisHealthCheck extends AbstractHealthCheck {

    private final RedissonClient redis;

    public RedisHealthCheck(RedissonClient redis) {
        super("im-logic", "redis");
        this.redis = redis;
    }

    @Override
    public boolean isLiveness() {
        // a Redis outage is not cured by restarting this node
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            if (redis.getRedisNodes(org.redisson.api.redisnode.RedisNodes.SINGLE).pingAll()) {
                builder.up();
            } else {
                builder.message("Redis does not answer PING").down();
            }
        } catch (RuntimeException e) {
            builder.message("Redis is unreachable: " + e.getMessage()).error(e).down();
        }
    }
}
