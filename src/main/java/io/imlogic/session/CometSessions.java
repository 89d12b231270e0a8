package io.imlogic.session;

import io.imlogic.online.OnlineCounts;
import io.imlogic.redis.ConnectionStats;
import io.imlogic.redis.OnlineStore;
import io.imlogic.redis.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * What goim's comet nodes ask of their logic node, once for both ways they can ask: goim's gRPC service
 * ({@code io.imlogic.grpc.CometGrpc}) and the HTTP session API ({@code io.imlogic.api.SessionApi}). Those only
 * translate their requests and replies; the rules, the checks and the Redis writes are here.
 *
 * <p>A value the comet should never send (an empty server id, an oversized key, a negative room count) is an
 * {@link InvalidCallException}, which each side answers in its own protocol.
 */
public final class CometSessions {

    private static final Logger LOG = LoggerFactory.getLogger(CometSessions.class);
    private static final int MAX_ID_LENGTH = 128;
    private static final int MAX_ROOM_LENGTH = 256;

    private final SessionStore sessions;
    private final OnlineStore online;
    private final OnlineCounts counts;
    private final Duration readDeadline;
    private final LongAdder framesReceived = new LongAdder();

    /**
     * @param readDeadline what connect tells the comet to wait for a client's next heartbeat: goim's node heartbeat
     *                     (4m) × heartbeatMax (2)
     */
    public CometSessions(SessionStore sessions, OnlineStore online, OnlineCounts counts, Duration readDeadline) {
        this.sessions = sessions;
        this.online = online;
        this.counts = counts;
        this.readDeadline = readDeadline;
    }

    public Duration readDeadline() {
        return readDeadline;
    }

    /**
     * Registers a connection of user {@code mid} (0 or less: anonymous) on {@code server}; returns its key, a fresh
     * UUID when the client sent none (goim's comet leaves that to the logic node).
     */
    public String connect(String server, long mid, String key) {
        String connectionKey = key == null || key.isEmpty() ? UUID.randomUUID().toString()
                : limited(key, "token.key", MAX_ID_LENGTH);
        sessions.connect(mid, connectionKey, id(server, "server"));
        return connectionKey;
    }

    /** Drops a connection; true when it was registered. goim ignores the server here, and so do we. */
    public boolean disconnect(long mid, String key) {
        return sessions.disconnect(mid, id(key, "key"));
    }

    /** Renews a connection's expiry; true when its mapping had expired and was written again. */
    public boolean heartbeat(long mid, String key, String server) {
        return sessions.heartbeat(mid, id(key, "key"), id(server, "server"));
    }

    /**
     * Stores a comet's room counts (and connection counts, when it reports them) with the address its call came
     * from, for the node list; answers the counts across all comets as of the last background refresh, as goim's
     * RenewOnline does.
     */
    public Map<String, Integer> renewOnline(String server, Map<String, Integer> roomCount, ConnectionStats stats,
                                            String peer) {
        String comet = id(server, "server");
        roomCount.forEach((room, count) -> {
            limited(room, "a roomCount room", MAX_ROOM_LENGTH);
            if (count == null || count < 0) {
                throw new InvalidCallException("roomCount values must not be negative");
            }
        });
        online.save(comet, roomCount, stats, peer, System.currentTimeMillis() / 1000);
        return counts.allRoomCount();
    }

    /**
     * A client frame the comet did not handle itself. goim's logic only logs it; this one counts it (the metric
     * {@code im_comet_frames_received_total}) and logs it at DEBUG: one line per frame would cost more than the frame.
     */
    public void received(long mid, int operation, int bodyBytes) {
        framesReceived.increment();
        LOG.debug("comet frame from mid {}: operation {}, {} bytes", mid, operation, bodyBytes);
    }

    public long framesReceived() {
        return framesReceived.sum();
    }

    private static String id(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new InvalidCallException(name + " is required");
        }
        return limited(value, name, MAX_ID_LENGTH);
    }

    private static String limited(String value, String name, int maxLength) {
        if (value.length() > maxLength) {
            throw new InvalidCallException(name + " must be at most " + maxLength + " characters");
        }
        return value;
    }
}
