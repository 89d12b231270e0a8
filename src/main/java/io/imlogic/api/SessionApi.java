package io.imlogic.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.imlogic.online.ConnectionStats;
import io.imlogic.online.OnlineCounts;
import io.imlogic.online.OnlineStore;
import io.imlogic.session.SessionStore;
import org.apache.camel.Exchange;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.imlogic.api.FieldRules.int32;
import static io.imlogic.api.FieldRules.int64;
import static io.imlogic.api.FieldRules.limited;
import static io.imlogic.api.FieldRules.required;

/**
 * The calls goim's comet nodes make to their logic node (goim's gRPC {@code goim.logic.Logic}), over HTTP JSON:
 * connect, disconnect, heartbeat and online. Each answers synchronously: the comet waits for it.
 */
public final class SessionApi {

    private static final int MAX_ID_LENGTH = 128;

    private final SessionStore sessions;
    private final OnlineStore online;
    private final OnlineCounts counts;
    private final long heartbeatSeconds;

    /** @param heartbeatSeconds what connect tells the comet: goim's node heartbeat (4m) × heartbeatMax (2) */
    public SessionApi(SessionStore sessions, OnlineStore online, OnlineCounts counts, long heartbeatSeconds) {
        this.sessions = sessions;
        this.online = online;
        this.counts = counts;
        this.heartbeatSeconds = heartbeatSeconds;
    }

    /** {@code {server, cookie, token}} → {@code {mid, key, roomId, accepts, heartbeat}}. */
    public Map<String, Object> connect(Exchange exchange) {
        RequestFields fields = RequestReader.read(exchange);
        String server = required(fields, "server", MAX_ID_LENGTH);
        String tokenText = required(fields, "token", 8192);
        JsonNode token = RequestReader.jsonObject(tokenText.getBytes(StandardCharsets.UTF_8), "token");

        long mid = token.hasNonNull("mid") ? int64(token.get("mid").asText(), "token.mid") : 0;
        String key = token.path("key").asText("");
        // goim's comet leaves the key to the logic node when the client sends none
        key = key.isEmpty() ? UUID.randomUUID().toString() : limited(key, "token.key", MAX_ID_LENGTH);
        List<Integer> accepts = new ArrayList<>();
        JsonNode acceptsNode = token.path("accepts");
        if (!acceptsNode.isMissingNode() && !acceptsNode.isNull() && !acceptsNode.isArray()) {
            throw ApiException.badRequest("token.accepts must be a list of operations");
        }
        acceptsNode.forEach(op -> accepts.add(int32(op.asText(), "token.accepts")));

        sessions.connect(mid, key, server);

        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("mid", mid);
        reply.put("key", key);
        reply.put("roomId", token.path("room_id").asText(""));
        reply.put("accepts", accepts);
        reply.put("heartbeat", heartbeatSeconds);
        return reply;
    }

    /** {@code {mid, key, server}} → {@code {has}}: whether the connection was registered. */
    public Map<String, Object> disconnect(Exchange exchange) {
        RequestFields fields = RequestReader.read(exchange);
        long mid = optionalMid(fields);
        String key = required(fields, "key", MAX_ID_LENGTH);
        return Map.of("has", sessions.disconnect(mid, key));
    }

    /** {@code {mid, key, server}} → {@code {readded}}: true when the mapping had expired and was written again. */
    public Map<String, Object> heartbeat(Exchange exchange) {
        RequestFields fields = RequestReader.read(exchange);
        long mid = optionalMid(fields);
        String key = required(fields, "key", MAX_ID_LENGTH);
        String server = required(fields, "server", MAX_ID_LENGTH);
        return Map.of("readded", sessions.heartbeat(mid, key, server));
    }

    /**
     * {@code {server, roomCount, connCount?, ipCount?}} → {@code {allRoomCount}}: stores this server's room counts
     * and answers the counts across all servers as of the last background refresh (as goim's RenewOnline does).
     */
    public Map<String, Object> online(Exchange exchange) {
        RequestFields fields = RequestReader.read(exchange);
        String server = required(fields, "server", MAX_ID_LENGTH);
        Map<String, Integer> roomCount = new HashMap<>();
        String roomCountText = fields.single("roomCount");
        if (roomCountText != null) {
            JsonNode rooms = RequestReader.jsonObject(roomCountText.getBytes(StandardCharsets.UTF_8), "roomCount");
            rooms.fields().forEachRemaining(room -> {
                int count = int32(room.getValue().asText(), "roomCount." + FieldRules.clip(room.getKey()));
                if (count < 0) {
                    throw ApiException.badRequest("roomCount values must not be negative");
                }
                roomCount.put(limited(room.getKey(), "a roomCount room", 256), count);
            });
        }
        ConnectionStats stats = null;
        String conns = fields.single("connCount");
        String ips = fields.single("ipCount");
        if (conns != null || ips != null) {
            stats = new ConnectionStats(conns == null ? 0 : int64(conns, "connCount"),
                    ips == null ? 0 : int64(ips, "ipCount"));
        }
        online.save(server, roomCount, stats, System.currentTimeMillis() / 1000);
        return Map.of("allRoomCount", counts.allRoomCount());
    }

    private static long optionalMid(RequestFields fields) {
        String mid = fields.single("mid");
        return mid == null || mid.isEmpty() ? 0 : int64(mid, "mid");
    }
}
