package io.imlogic.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RMapAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * goim's {@code ol_{server}} hashes: each comet server's room counts, sharded over 64 fields by
 * {@code CityHash32(room) % 64}, each field a {@link ServerOnline} JSON.
 */
public final class OnlineStore {

    /** goim's shard count. */
    public static final int SHARDS = 64;
    static final String STATS_FIELD = "stats";
    static final String PEER_FIELD = "peer";

    private static final Logger LOG = LoggerFactory.getLogger(OnlineStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedissonClient redis;
    private final Duration expiry;
    private final long timeoutMillis;

    public OnlineStore(RedissonClient redis, Duration expiry, long timeoutMillis) {
        this.redis = redis;
        this.expiry = expiry;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Replaces a server's room counts in one atomic round trip (MULTI: DEL, HSET per shard, EXPIRE), so readers
     * never see a half-written server and rooms that emptied do not linger in stale shards, as they do in goim.
     */
    public void save(String server, Map<String, Integer> roomCount, ConnectionStats stats, String peer,
                     long updatedEpochSeconds) {
        Map<Integer, Map<String, Integer>> shards = new HashMap<>();
        roomCount.forEach((room, count) ->
                shards.computeIfAbsent(CityHash32.shard(room, SHARDS), s -> new HashMap<>()).put(room, count));
        Map<String, String> fields = new HashMap<>();
        shards.forEach((shard, rooms) ->
                fields.put(Integer.toString(shard), json(new ServerOnline(server, rooms, updatedEpochSeconds, null, null))));
        if (fields.isEmpty()) {
            // keep the server visible with no rooms, as goim's comet reports an empty map
            fields.put("0", json(new ServerOnline(server, Map.of(), updatedEpochSeconds, null, null)));
        }
        if (stats != null) {
            // goim reads shards "0".."63" one by one, so extra fields are invisible to it
            fields.put(STATS_FIELD, json(stats));
        }
        if (peer != null) {
            fields.put(PEER_FIELD, peer);
        }
        RBatch batch = redis.createBatch(BatchOptions.defaults()
                .executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC)
                .responseTimeout(timeoutMillis, TimeUnit.MILLISECONDS));
        RMapAsync<String, String> hash = batch.getMap(GoimKeys.online(server), StringCodec.INSTANCE);
        hash.deleteAsync();
        hash.putAllAsync(fields);
        hash.expireAsync(expiry);
        batch.execute();
    }

    /**
     * Every server's shards merged into one {@link ServerOnline} each (with its stats and peer, when known): one
     * SCAN, then one pipelined HGETALL batch.
     */
    public List<ServerOnline> loadAll() {
        List<String> names = new ArrayList<>();
        redis.getKeys().getKeysStreamByPattern(GoimKeys.ONLINE_PREFIX + "*", 1000).forEach(names::add);
        RBatch batch = redis.createBatch(BatchOptions.defaults()
                .executionMode(BatchOptions.ExecutionMode.IN_MEMORY)
                .responseTimeout(timeoutMillis, TimeUnit.MILLISECONDS));
        List<RFuture<Map<String, String>>> replies = new ArrayList<>(names.size());
        for (String name : names) {
            replies.add(batch.<String, String>getMap(name, StringCodec.INSTANCE).readAllMapAsync());
        }
        if (!names.isEmpty()) {
            batch.execute();
        }
        List<ServerOnline> servers = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String server = names.get(i).substring(GoimKeys.ONLINE_PREFIX.length());
            Map<String, Integer> rooms = new HashMap<>();
            long updated = 0;
            ConnectionStats stats = null;
            String peer = null;
            for (Map.Entry<String, String> field : replies.get(i).toCompletableFuture().join().entrySet()) {
                if (STATS_FIELD.equals(field.getKey())) {
                    stats = parse(names.get(i), field.getValue(), ConnectionStats.class);
                    continue;
                }
                if (PEER_FIELD.equals(field.getKey())) {
                    peer = field.getValue();
                    continue;
                }
                ServerOnline shard = parse(names.get(i), field.getValue(), ServerOnline.class);
                if (shard != null) {
                    if (shard.roomCount() != null) {
                        rooms.putAll(shard.roomCount());
                    }
                    updated = Math.max(updated, shard.updated());
                }
            }
            servers.add(new ServerOnline(server, rooms, updated, stats, peer));
        }
        return servers;
    }

    private static <T> T parse(String key, String value, Class<T> type) {
        try {
            return JSON.readValue(value, type);
        } catch (JsonProcessingException e) {
            LOG.debug("skipping a shard of {} that is not goim's online JSON", key);
            return null;
        }
    }

    private static String json(Object online) {
        try {
            return JSON.writeValueAsString(online);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
