package io.imlogic.redis;

import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Writes goim's session mapping as its comet nodes' calls ask: {@code mid_{mid}} (hash key → server) and
 * {@code key_{key}} (server), both with the session expiry. Each call is one pipelined round trip.
 *
 * <p>A mid of 0 or less means an anonymous connection: only {@code key_{key}} is written, as goim does.
 */
public final class SessionStore {

    private final RedissonClient redis;
    private final Duration expiry;
    private final long timeoutMillis;

    public SessionStore(RedissonClient redis, Duration expiry, long timeoutMillis) {
        this.redis = redis;
        this.expiry = expiry;
        this.timeoutMillis = timeoutMillis;
    }

    public Duration expiry() {
        return expiry;
    }

    /** HSET + EXPIRE {@code mid_{mid}}, SET EX {@code key_{key}}. */
    public void connect(long mid, String key, String server) {
        RBatch batch = batch();
        if (mid > 0) {
            batch.getMap(GoimKeys.mid(mid), StringCodec.INSTANCE).fastPutAsync(key, server);
            batch.getMap(GoimKeys.mid(mid), StringCodec.INSTANCE).expireAsync(expiry);
        }
        batch.getBucket(GoimKeys.key(key), StringCodec.INSTANCE).setAsync(server, expiry);
        batch.execute();
    }

    /** HDEL {@code mid_{mid}} key, DEL {@code key_{key}}; true when the connection was there. */
    public boolean disconnect(long mid, String key) {
        RBatch batch = batch();
        RFuture<Long> fieldRemoved = mid > 0
                ? batch.getMap(GoimKeys.mid(mid), StringCodec.INSTANCE).fastRemoveAsync(key) : null;
        RFuture<Boolean> keyRemoved = batch.getBucket(GoimKeys.key(key), StringCodec.INSTANCE).deleteAsync();
        batch.execute();
        return keyRemoved.toCompletableFuture().join()
                || fieldRemoved != null && fieldRemoved.toCompletableFuture().join() > 0;
    }

    /**
     * Renews the expiry of both keys; when either had already expired, writes the mapping again (goim re-adds it so
     * a connection that outlived its keys becomes reachable again). Returns true when it had to re-add.
     */
    public boolean heartbeat(long mid, String key, String server) {
        RBatch batch = batch();
        RFuture<Boolean> midRenewed = mid > 0
                ? batch.getMap(GoimKeys.mid(mid), StringCodec.INSTANCE).expireAsync(expiry) : null;
        RFuture<Boolean> keyRenewed = batch.getBucket(GoimKeys.key(key), StringCodec.INSTANCE).expireAsync(expiry);
        batch.execute();
        boolean present = keyRenewed.toCompletableFuture().join()
                && (midRenewed == null || midRenewed.toCompletableFuture().join());
        if (!present) {
            connect(mid, key, server);
        }
        return !present;
    }

    private RBatch batch() {
        return redis.createBatch(BatchOptions.defaults()
                .executionMode(BatchOptions.ExecutionMode.IN_MEMORY)
                .responseTimeout(timeoutMillis, TimeUnit.MILLISECONDS));
    }
}
