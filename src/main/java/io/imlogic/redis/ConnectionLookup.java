package io.imlogic.redis;

import io.imlogic.push.PushCounters;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads goim's session mapping: which connection keys a mid has ({@code mid_{mid}} hash: key → server) and which
 * server holds a key ({@code key_{key}} string).
 *
 * <p>Every lookup is chunked into pipelined batches that are all sent at once, so a request of any size costs
 * {@code ceil(n / chunkSize)} round trips that overlap in time, never one per id.
 */
public final class ConnectionLookup {

    static final String MID_PREFIX = "mid_";
    static final String KEY_PREFIX = "key_";

    private final RedissonClient redis;
    private final int chunkSize;
    private final long timeoutMillis;
    private final PushCounters counters;

    public ConnectionLookup(RedissonClient redis, int chunkSize, long timeoutMillis, PushCounters counters) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
        }
        this.redis = redis;
        this.chunkSize = chunkSize;
        this.timeoutMillis = timeoutMillis;
        this.counters = counters;
    }

    /** One pipelined HGETALL {@code mid_{mid}} per mid, merged by server. */
    public ServerKeys keysOfMids(long[] mids) {
        List<CompletableFuture<BatchResult<?>>> batches = new ArrayList<>();
        List<List<RFuture<Map<String, String>>>> replies = new ArrayList<>();
        for (int from = 0; from < mids.length; from += chunkSize) {
            long[] chunk = Arrays.copyOfRange(mids, from, Math.min(mids.length, from + chunkSize));
            RBatch batch = redis.createBatch(batchOptions());
            List<RFuture<Map<String, String>>> chunkReplies = new ArrayList<>(chunk.length);
            for (long mid : chunk) {
                chunkReplies.add(batch.<String, String>getMap(MID_PREFIX + mid, StringCodec.INSTANCE).readAllMapAsync());
            }
            replies.add(chunkReplies);
            batches.add(batch.executeAsync().toCompletableFuture());
            counters.redisRoundTrip();
        }
        awaitAll(batches);
        ServerKeys result = new ServerKeys();
        for (List<RFuture<Map<String, String>>> chunkReplies : replies) {
            for (RFuture<Map<String, String>> reply : chunkReplies) {
                Map<String, String> keys = reply.toCompletableFuture().join();
                if (keys.isEmpty()) {
                    result.unresolved();
                }
                keys.forEach(result::add);
            }
        }
        return result;
    }

    /** One MGET over {@code key_{key}} per chunk, grouped by server. */
    public ServerKeys serversOfKeys(List<String> keys) {
        List<CompletableFuture<Map<String, Object>>> chunks = new ArrayList<>();
        List<List<String>> chunkKeys = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += chunkSize) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + chunkSize));
            String[] names = chunk.stream().map(key -> KEY_PREFIX + key).toArray(String[]::new);
            chunkKeys.add(chunk);
            chunks.add(redis.getBuckets(StringCodec.INSTANCE).<Object>getAsync(names).toCompletableFuture());
            counters.redisRoundTrip();
        }
        awaitAll(chunks);
        ServerKeys result = new ServerKeys();
        for (int i = 0; i < chunks.size(); i++) {
            Map<String, Object> servers = chunks.get(i).join();
            for (String key : chunkKeys.get(i)) {
                Object server = servers.get(KEY_PREFIX + key);
                if (server == null) {
                    result.unresolved();
                } else {
                    result.add(key, server.toString());
                }
            }
        }
        return result;
    }

    private BatchOptions batchOptions() {
        return BatchOptions.defaults()
                .executionMode(BatchOptions.ExecutionMode.IN_MEMORY)
                .responseTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .retryAttempts(0);
    }

    private static void awaitAll(List<? extends CompletableFuture<?>> futures) {
        // join() rethrows the first failure (timeout, connection loss) so the pipeline's error handler retries
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    }
}
