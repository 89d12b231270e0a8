package io.imlogic.push;

import io.imlogic.redis.ConnectionLookup;
import io.imlogic.redis.ServerKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an accepted push into the Kafka messages it needs: one per comet server for mids and keys (after the Redis
 * lookup), one for a room, one for a broadcast.
 */
public final class PushPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(PushPlanner.class);

    private final ConnectionLookup lookup;
    private final PushCounters counters;

    public PushPlanner(ConnectionLookup lookup, PushCounters counters) {
        this.lookup = lookup;
        this.counters = counters;
    }

    public List<PushMessage> plan(PushRequest request) {
        // the request id in the log context ties the pipeline's log lines (retries, failures) to the client's 202
        try (MDC.MDCCloseable ignored = MDC.putCloseable("requestId", request.requestId())) {
            return switch (request.target()) {
                case MIDS -> perServer(request, lookup.keysOfMids(request.mids()));
                case KEYS -> perServer(request, lookup.serversOfKeys(request.keys()));
                case ROOM -> List.of(PushMessage.toRoom(request));
                case ALL -> List.of(PushMessage.toAll(request));
            };
        }
    }

    private List<PushMessage> perServer(PushRequest request, ServerKeys serverKeys) {
        if (serverKeys.unresolvedCount() > 0) {
            if (request.target() == PushRequest.Target.MIDS) {
                counters.midsWithoutConnection(serverKeys.unresolvedCount());
            } else {
                counters.keysWithoutServer(serverKeys.unresolvedCount());
            }
            LOG.debug("request {}: {} {} without a connection", request.requestId(), serverKeys.unresolvedCount(),
                    request.target() == PushRequest.Target.MIDS ? "mids" : "keys");
        }
        List<PushMessage> messages = new ArrayList<>(serverKeys.serverCount());
        for (Map.Entry<String, List<String>> entry : serverKeys.asMap().entrySet()) {
            messages.add(PushMessage.toServer(request, entry.getKey(), entry.getValue()));
        }
        return messages;
    }
}
