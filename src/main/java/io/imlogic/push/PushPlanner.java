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

    /** Bytes of a record besides msg and keys (type, operation, server, JSON punctuation), generously rounded up. */
    private static final int RECORD_OVERHEAD = 1024;

    private final ConnectionLookup lookup;
    private final PushCounters counters;
    private final int maxRecordBytes;

    /**
     * @param maxRecordBytes the producer's {@code max.request.size}: a server with more keys than fit beside the
     *                       message in one record gets several records, each under it
     */
    public PushPlanner(ConnectionLookup lookup, PushCounters counters, int maxRecordBytes) {
        this.lookup = lookup;
        this.counters = counters;
        this.maxRecordBytes = maxRecordBytes;
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
        int budget = maxRecordBytes - RECORD_OVERHEAD - MsgBytes.recordBytes(request.msg());
        for (Map.Entry<String, List<String>> entry : serverKeys.asMap().entrySet()) {
            for (List<String> keys : chunks(entry.getValue(), budget)) {
                messages.add(PushMessage.toServer(request, entry.getKey(), keys));
            }
        }
        return messages;
    }

    /** The keys in runs whose encoded size stays within {@code budget} bytes (at least one key per run). */
    static List<List<String>> chunks(List<String> keys, int budget) {
        List<List<String>> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int size = 0;
        for (String key : keys) {
            int keySize = key.length() * 6 + 4;
            if (!current.isEmpty() && size + keySize > budget) {
                chunks.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(key);
            size += keySize;
        }
        chunks.add(current);
        return chunks;
    }
}
