package io.imlogic.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.imlogic.redis.ConnectionStats;
import io.imlogic.session.CometSessions;
import io.vertx.core.net.SocketAddress;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.imlogic.api.FieldRules.int32;
import static io.imlogic.api.FieldRules.int64;
import static io.imlogic.api.FieldRules.required;

/**
 * The comet calls of goim's {@code goim.logic.Logic} as HTTP JSON: connect, disconnect, heartbeat and online. This
 * class only reads the HTTP fields and shapes the replies; {@link CometSessions} does the work, the same as for the
 * gRPC calls. Each answers synchronously: the comet waits for it.
 */
public final class SessionApi {

    private final CometSessions sessions;

    public SessionApi(CometSessions sessions) {
        this.sessions = sessions;
    }

    /**
     * {@code {server, cookie, token}} → {@code {mid, key, roomId, accepts, heartbeat}}; heartbeat in seconds here
     * (the gRPC reply carries nanoseconds, as goim's comet reads it).
     */
    public Map<String, Object> connect(Exchange exchange) {
        RequestFields fields = RequestReader.read(exchange);
        String server = fields.single("server");
        ConnectToken token = ConnectToken.parse(required(fields, "token", 8192).getBytes(StandardCharsets.UTF_8));
        String key = sessions.connect(server, token.mid(), token.key());

        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("mid", token.mid());
        reply.put("key", key);
        reply.put("roomId", token.roomId());
        reply.put("accepts", token.accepts());
        reply.put("heartbeat", sessions.readDeadline().toSeconds());
        return reply;
    }

    /** {@code {mid, key, server}} → {@code {has}}: whether the connection was registered. */
    public Map<String, Object> disconnect(Exchange exchange) {
        RequestFields fields = RequestReader.read(exchange);
        return Map.of("has", sessions.disconnect(optionalMid(fields), fields.single("key")));
    }

    /** {@code {mid, key, server}} → {@code {readded}}: true when the mapping had expired and was written again. */
    public Map<String, Object> heartbeat(Exchange exchange) {
        RequestFields fields = RequestReader.read(exchange);
        return Map.of("readded", sessions.heartbeat(optionalMid(fields), fields.single("key"),
                fields.single("server")));
    }

    /**
     * {@code {server, roomCount, connCount?, ipCount?}} → {@code {allRoomCount}}: stores this server's room counts
     * and answers the counts across all servers as of the last background refresh (as goim's RenewOnline does).
     */
    public Map<String, Object> online(Exchange exchange) {
        RequestFields fields = RequestReader.read(exchange);
        Map<String, Integer> roomCount = new HashMap<>();
        String roomCountText = fields.single("roomCount");
        if (roomCountText != null) {
            JsonNode rooms = RequestReader.jsonObject(roomCountText.getBytes(StandardCharsets.UTF_8), "roomCount");
            rooms.fields().forEachRemaining(room -> roomCount.put(room.getKey(),
                    int32(room.getValue().asText(), "roomCount." + FieldRules.clip(room.getKey()))));
        }
        ConnectionStats stats = null;
        String conns = fields.single("connCount");
        String ips = fields.single("ipCount");
        if (conns != null || ips != null) {
            stats = new ConnectionStats(conns == null ? 0 : int64(conns, "connCount"),
                    ips == null ? 0 : int64(ips, "ipCount"));
        }
        return Map.of("allRoomCount", sessions.renewOnline(fields.single("server"), roomCount, stats,
                peer(exchange)));
    }

    private static long optionalMid(RequestFields fields) {
        String mid = fields.single("mid");
        return mid == null || mid.isEmpty() ? 0 : int64(mid, "mid");
    }

    /** The address the comet called from: its default address in the node list. */
    private static String peer(Exchange exchange) {
        Object remote = exchange.getIn().getHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS);
        return remote instanceof SocketAddress address ? address.hostAddress() : null;
    }
}
