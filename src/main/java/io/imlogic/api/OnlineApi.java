package io.imlogic.api;

import io.imlogic.online.OnlineCounts;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.imlogic.api.FieldRules.int32;
import static io.imlogic.api.FieldRules.required;

/** goim's online queries, answered from the background-refreshed {@link OnlineCounts}. */
public final class OnlineApi {

    private final OnlineCounts counts;

    public OnlineApi(OnlineCounts counts) {
        this.counts = counts;
    }

    /** {@code GET ?type=&limit=} → {@code [{"room_id":..,"count":..}]}. */
    public List<Map<String, Object>> top(Exchange exchange) {
        RequestFields fields = RequestReader.query(exchange, "GET");
        String type = required(fields, "type", 64);
        int limit = int32(required(fields, "limit", 10), "limit");
        if (limit <= 0) {
            throw ApiException.badRequest("limit must be positive");
        }
        return counts.top(type, limit);
    }

    /** {@code GET ?type=&rooms=a&rooms=b} (or {@code rooms=a,b}) → {@code {"a":N,"b":0}}. */
    public Map<String, Integer> room(Exchange exchange) {
        RequestFields fields = RequestReader.query(exchange, "GET");
        String type = required(fields, "type", 64);
        List<String> rooms = new ArrayList<>();
        for (String value : fields.all("rooms")) {
            for (String room : value.split(",")) {
                if (!room.isBlank()) {
                    rooms.add(room.trim());
                }
            }
        }
        if (rooms.isEmpty()) {
            throw ApiException.badRequest("rooms is required");
        }
        if (rooms.size() > 1000) {
            throw ApiException.badRequest("rooms has more than 1000 rooms");
        }
        return counts.rooms(type, rooms);
    }

    /** {@code GET} → {@code {"ip_count":N,"conn_count":N}}. */
    public Map<String, Long> total(Exchange exchange) {
        RequestReader.query(exchange, "GET");
        return counts.total();
    }
}
