package io.imlogic.redis;

import io.imlogic.push.PushCounters;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Reads goim's session mapping: which connection keys a mid has ({@code mid_{mid}} hash: key → server) and which
 * server holds a key ({@code key_{key}} string).
 *
 * <p>Every lookup is chunked into pipelined batches that are all sent at once, so a lookup of any size costs
 * {@code ceil(n / chunkSize)} round trips that overlap in time, never one per id.
 */
public final class ConnectionLookup {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLookup.class);

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

    /** One pipelined HGETALL {@code mid_{mid}} per mid: each mid's keys and their servers (absent: none). */
    public CompletableFuture<Map<Long, Map<String, String>>> connectionsOfMids(long[] mids) {
        List<CompletableFuture<BatchResult<?>>> batches = new ArrayList<>();
        List<RFuture<Map<String, String>>> replies = new ArrayList<>(mids.length);
        for (int from = 0; from < mids.length; from += chunkSize) {
            RBatch batch = redis.createBatch(batchOptions());
            for (int i = from; i < Math.min(mids.length, from + chunkSize); i++) {
                replies.add(batch.<String, String>getMap(GoimKeys.mid(mids[i]), StringCodec.INSTANCE).readAllMapAsync());
            }
            batches.add(batch.executeAsync().toCompletableFuture());
            counters.redisRoundTrip();
        }
        return CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).handle((done, failure) -> {
            Map<Long, Map<String, String>> connections = new HashMap<>(mids.length * 2);
            int corrupt = 0;
            for (int i = 0; i < mids.length; i++) {
                CompletableFuture<Map<String, String>> reply = replies.get(i).toCompletableFuture();
                if (reply.isDone() && !reply.isCompletedExceptionally()) {
                    Map<String, String> keys = reply.join();
                    if (!keys.isEmpty()) {
                        connections.put(mids[i], keys);
                    }
                } else if (wrongType(reply)) {
                    corrupt++; // a mid_ key that is not goim's hash: that user has no usable connection
                } else {
                    throw failure instanceof CompletionException completion ? completion
                            : new CompletionException(failure);
                }
            }
            if (corrupt > 0) {
                LOG.warn("{} mid_* key(s) hold no hash (WRONGTYPE): counted as without connection", corrupt);
            }
            return connections;
        });
    }

    /** One MGET over {@code key_{key}} per chunk: each key's server (absent: none). */
    public CompletableFuture<Map<String, String>> serversOfKeys(List<String> keys) {
        List<CompletableFuture<Map<String, Object>>> chunks = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += chunkSize) {
            String[] names = keys.subList(from, Math.min(keys.size(), from + chunkSize)).stream()
                    .map(GoimKeys::key).toArray(String[]::new);
            chunks.add(redis.getBuckets(StringCodec.INSTANCE).<Object>getAsync(names).toCompletableFuture());
            counters.redisRoundTrip();
        }
        return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, String> servers = new HashMap<>(keys.size() * 2);
            for (CompletableFuture<Map<String, Object>> chunk : chunks) {
                chunk.join().forEach((name, server) -> {
                    if (server != null) {
                        servers.put(name.substring(GoimKeys.KEY_PREFIX.length()), server.toString());
                    }
                });
            }
            return servers;
        });
    }

    /** The mids' keys grouped by server, waiting for the reply (tools and benchmarks). */
    public ServerKeys keysOfMids(long[] mids) {
        Map<Long, Map<String, String>> connections = connectionsOfMids(mids).join();
        ServerKeys result = new ServerKeys();
        for (long mid : mids) {
            Map<String, String> keys = connections.get(mid);
            if (keys == null) {
                result.unresolved();
            } else {
                keys.forEach(result::add);
            }
        }
        return result;
    }

    /** The keys grouped by server, waiting for the reply (tools and benchmarks). */
    public ServerKeys serversOfKeysGrouped(List<String> keys) {
        Map<String, String> servers = serversOfKeys(keys).join();
        ServerKeys result = new ServerKeys();
        for (String key : keys) {
            String server = servers.get(key);
            if (server == null) {
                result.unresolved();
            } else {
                result.add(key, server);
            }
        }
        return result;
    }

    /** An error reply about the data (the key holds another type), as opposed to Redis being unreachable. */
    private static boolean wrongType(CompletableFuture<?> reply) {
        if (!reply.isCompletedExceptionally()) {
            return false;
        }
        try {
            reply.join();
            return false;
        } catch (CompletionException e) {
            return e.getCause() != null && String.valueOf(e.getCause().getMessage()).startsWith("WRONGTYPE");
        }
    }

    private BatchOptions batchOptions() {
        return BatchOptions.defaults()
                .executionMode(BatchOptions.ExecutionMode.IN_MEMORY)
                .responseTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .retryAttempts(0);
    }
}
