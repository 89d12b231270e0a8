package io.imlogic.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Connection keys aggregated by the comet server that holds them: the result of a lookup, one entry per Kafka record.
 *
 * <p>Not thread-safe: one lookup fills it, then hands it on.
 */
public final class ServerKeys {

    private final Map<String, Set<String>> keysByServer = new LinkedHashMap<>();
    private int unresolved;

    /** Adds a key held by a server; a key without a server (expired or half-written mapping) is skipped, as goim does. */
    public void add(String key, String server) {
        if (server == null || server.isEmpty() || key == null || key.isEmpty()) {
            return;
        }
        keysByServer.computeIfAbsent(server, s -> new LinkedHashSet<>()).add(key);
    }

    /** Counts an id (mid or key) that resolved to nothing: the user is not connected. */
    public void unresolved() {
        unresolved++;
    }

    public int unresolvedCount() {
        return unresolved;
    }

    public int serverCount() {
        return keysByServer.size();
    }

    /** The servers in first-seen order, each with its keys. */
    public Map<String, List<String>> asMap() {
        Map<String, List<String>> result = new LinkedHashMap<>(keysByServer.size() * 2);
        keysByServer.forEach((server, keys) -> result.put(server, new ArrayList<>(keys)));
        return result;
    }
}
