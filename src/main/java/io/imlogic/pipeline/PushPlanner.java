package io.imlogic.pipeline;

import io.imlogic.push.PushCounters;
import io.imlogic.push.MsgBytes;
import io.imlogic.push.PushMdc;
import io.imlogic.push.PushMessage;
import io.imlogic.push.PushRequest;
import io.imlogic.redis.ServerKeys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an accepted push into the Kafka messages it needs, from the connections its batch resolved: one per comet
 * server for mids and keys, one for a room, one for a broadcast.
 */
public final class PushPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(PushPlanner.class);

    /** Bytes of a record besides msg and keys (type, operation, server, JSON punctuation), generously rounded up. */
    private static final int RECORD_OVERHEAD = 1024;

    private final PushCounters counters;
    private final int maxRecordBytes;

    /**
     * @param maxRecordBytes the producer's {@code max.request.size}: a server with more keys than fit beside the
     *                       message in one record gets several records, each under it
     */
    public PushPlanner(PushCounters counters, int maxRecordBytes) {
        this.counters = counters;
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * @param connectionsOfMids per mid, its connection keys and their servers ({@code mid_{mid}}); absent: none
     * @param serversOfKeys     per connection key, its server ({@code key_{key}}); absent: none
     */
    public List<PushMessage> plan(PushRequest request, Map<Long, Map<String, String>> connectionsOfMids,
                                  Map<String, String> serversOfKeys) {
        // the request id (and trace ids) in the log context tie the planner's lines to the client's 202
        try (PushMdc ignored = PushMdc.of(request)) {
            return messages(request, connectionsOfMids, serversOfKeys);
        }
    }

    private List<PushMessage> messages(PushRequest request, Map<Long, Map<String, String>> connectionsOfMids,
                                       Map<String, String> serversOfKeys) {
        return switch (request.target()) {
            case MIDS -> {
                ServerKeys serverKeys = new ServerKeys();
                for (long mid : request.mids()) {
                    Map<String, String> connections = connectionsOfMids.get(mid);
                    if (connections == null || connections.isEmpty()) {
                        serverKeys.unresolved();
                    } else {
                        connections.forEach(serverKeys::add);
                    }
                }
                counters.midsWithoutConnection(serverKeys.unresolvedCount());
                yield perServer(request, serverKeys);
            }
            case KEYS -> {
                ServerKeys serverKeys = new ServerKeys();
                for (String key : request.keys()) {
                    String server = serversOfKeys.get(key);
                    if (server == null) {
                        serverKeys.unresolved();
                    } else {
                        serverKeys.add(key, server);
                    }
                }
                counters.keysWithoutServer(serverKeys.unresolvedCount());
                yield perServer(request, serverKeys);
            }
            case ROOM -> List.of(PushMessage.toRoom(request));
            case ALL -> List.of(PushMessage.toAll(request));
        };
    }

    private List<PushMessage> perServer(PushRequest request, ServerKeys serverKeys) {
        if (serverKeys.unresolvedCount() > 0) {
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
