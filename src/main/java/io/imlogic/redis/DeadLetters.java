package io.imlogic.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imlogic.push.PushCounters;
import io.imlogic.push.PushRequest;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pushes the pipeline gave up on after its last retry, kept in the Redis hash {@code im:dead-letters}
 * (request id → the request, the error and when), until an operator replays them.
 *
 * <p>Redis rather than local disk: logic nodes are stateless and interchangeable, so any node's admin call must see
 * and replay every node's dead letters, and a node's disk may be gone with the node. When Redis itself is what
 * failed, storing fails too: the push then stays accepted (in the pipeline's budget and in the accept journal) and
 * is tried again.
 */
public final class DeadLetters {

    static final String KEY = "im:dead-letters";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is stored per dead letter. */
    public record Entry(PushRequest request, String error, long failedAt) {
    }

    private final RedissonClient redis;
    private final PushCounters counters;

    public DeadLetters(RedissonClient redis, PushCounters counters) {
        this.redis = redis;
        this.counters = counters;
    }

    /** Stores a request whose delivery failed for good; called by the pipeline's dead-letter route. */
    public void store(PushRequest request, Throwable error) {
        String reason = error == null ? "unknown" : error.getClass().getSimpleName() + ": " + error.getMessage();
        hash().fastPut(request.requestId(), json(new Entry(request, reason, System.currentTimeMillis())));
        counters.deadLettered();
    }

    /** At most {@code limit} dead letters, oldest first: request id, target, error, failedAt. */
    public List<Map<String, Object>> list(int limit) {
        List<Entry> entries = new ArrayList<>();
        hash().readAllValues().forEach(value -> entries.add(parse(value)));
        entries.sort((a, b) -> Long.compare(a.failedAt(), b.failedAt()));
        List<Map<String, Object>> view = new ArrayList<>();
        for (Entry entry : entries.subList(0, Math.min(limit, entries.size()))) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("requestId", entry.request().requestId());
            item.put("target", entry.request().target());
            item.put("operation", entry.request().operation());
            item.put("acceptedAt", entry.request().acceptedAt());
            item.put("failedAt", entry.failedAt());
            item.put("error", entry.error());
            view.add(item);
        }
        return view;
    }

    public int size() {
        return hash().size();
    }

    /**
     * Removes and returns the requests to replay: the one named, or all when {@code requestId} is empty. Removal
     * comes first so two admins replaying at once cannot both send the same letter.
     */
    public List<PushRequest> takeForReplay(String requestId) {
        Collection<String> ids = requestId == null || requestId.isBlank() ? hash().readAllKeySet() : List.of(requestId);
        List<PushRequest> taken = new ArrayList<>();
        for (String id : ids) {
            String value = hash().remove(id);
            if (value != null) {
                taken.add(parse(value).request());
            }
        }
        return taken;
    }

    private RMap<String, String> hash() {
        return redis.getMap(KEY, StringCodec.INSTANCE);
    }

    private static String json(Entry entry) {
        try {
            return JSON.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Entry parse(String value) {
        try {
            return JSON.readValue(value, Entry.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a dead letter is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
