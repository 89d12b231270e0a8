package io.imlogic.online;

import io.imlogic.redis.OnlineStore;
import io.imlogic.redis.ServerOnline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Room and connection counts across every live comet server, refreshed in the background (a timer route calls
 * {@link #refresh()}) and never computed per request, as goim does.
 *
 * <p>A server that has not renewed for {@code staleAfter} is left out (goim: 5 minutes).
 */
public final class OnlineCounts {

    /** An immutable view, swapped whole on each refresh so readers never lock. */
    private record Snapshot(Map<String, Integer> roomCount, long connCount, long ipCount,
                            List<ServerOnline> servers) {
    }

    private final OnlineStore store;
    private final Duration staleAfter;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), 0, 0, List.of());

    public OnlineCounts(OnlineStore store, Duration staleAfter) {
        this.store = store;
        this.staleAfter = staleAfter;
    }

    /** Reads every {@code ol_*} server and replaces the snapshot. */
    public void refresh() {
        long oldest = System.currentTimeMillis() / 1000 - staleAfter.toSeconds();
        Map<String, Integer> rooms = new HashMap<>();
        long conns = 0;
        long ips = 0;
        List<ServerOnline> live = new ArrayList<>();
        for (ServerOnline server : store.loadAll()) {
            if (server.updated() < oldest) {
                continue;
            }
            live.add(server);
            server.roomCount().forEach((room, count) -> rooms.merge(room, count, Integer::sum));
            if (server.stats() != null) {
                conns += server.stats().connCount();
                ips += server.stats().ipCount();
            } else {
                conns += connectionsInRooms(server);
            }
        }
        snapshot = new Snapshot(Map.copyOf(rooms), conns, ips, List.copyOf(live));
    }

    /** Room key ({@code type://room}) → connections, across all live servers. */
    public Map<String, Integer> allRoomCount() {
        return snapshot.roomCount();
    }

    /** goim's online/top: rooms of one type by count, descending, at most {@code limit}. */
    public List<Map<String, Object>> top(String type, int limit) {
        String prefix = type + "://";
        List<Map.Entry<String, Integer>> rooms = new ArrayList<>();
        snapshot.roomCount().forEach((room, count) -> {
            if (room.startsWith(prefix)) {
                rooms.add(Map.entry(room.substring(prefix.length()), count));
            }
        });
        rooms.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        List<Map<String, Object>> top = new ArrayList<>();
        for (Map.Entry<String, Integer> room : rooms.subList(0, Math.min(limit, rooms.size()))) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("room_id", room.getKey());
            item.put("count", room.getValue());
            top.add(item);
        }
        return top;
    }

    /** goim's online/room: every requested room of a type, 0 when nobody is in it. */
    public Map<String, Integer> rooms(String type, List<String> roomIds) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String room : roomIds) {
            counts.put(room, snapshot.roomCount().getOrDefault(type + "://" + room, 0));
        }
        return counts;
    }

    /** goim's online/total. */
    public Map<String, Long> total() {
        Map<String, Long> total = new LinkedHashMap<>();
        total.put("ip_count", snapshot.ipCount());
        total.put("conn_count", snapshot.connCount());
        return total;
    }

    /** The comet servers that renewed within {@code staleAfter}, as of the last refresh: the node list's source. */
    public List<ServerOnline> liveServers() {
        return snapshot.servers();
    }

    /** A comet's connections: what it reports, else at least those counted in its rooms. */
    public static long connections(ServerOnline server) {
        return server.stats() != null ? server.stats().connCount() : connectionsInRooms(server);
    }

    private static long connectionsInRooms(ServerOnline server) {
        return server.roomCount().values().stream().mapToLong(Integer::longValue).sum();
    }
}
