package io.imlogic.api;

import io.imlogic.push.PushRequest;
import io.imlogic.redis.DeadLetters;
import org.apache.camel.Exchange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.imlogic.api.FieldRules.int32;
import static io.imlogic.api.FieldRules.limited;

/** Admin calls on the dead letters: list them, and take them out for the replay route to send again. */
public final class AdminApi {

    private final DeadLetters deadLetters;

    public AdminApi(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** {@code GET ?limit=} (default 100, at most 1000) → {@code {"total":N,"items":[...]}}, oldest first. */
    public Map<String, Object> list(Exchange exchange) {
        RequestFields fields = RequestReader.query(exchange, "GET");
        String limitText = fields.single("limit");
        int limit = limitText == null || limitText.isEmpty() ? 100 : int32(limitText, "limit");
        if (limit <= 0 || limit > 1000) {
            throw ApiException.badRequest("limit must be between 1 and 1000");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("total", deadLetters.size());
        data.put("items", deadLetters.list(limit));
        return data;
    }

    /** {@code POST ?requestId=} (all when absent) → the requests, removed from the store, for the route to send. */
    public List<PushRequest> takeForReplay(Exchange exchange) {
        RequestFields fields = RequestReader.query(exchange, "POST");
        String requestId = fields.single("requestId");
        return deadLetters.takeForReplay(requestId == null ? null : limited(requestId, "requestId", 64));
    }

    /** The replay's answer. */
    public Map<String, Object> replayed(int count) {
        return Map.of("replayed", count);
    }
}
