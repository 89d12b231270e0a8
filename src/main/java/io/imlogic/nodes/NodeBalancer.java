package io.imlogic.nodes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders comets for a client as goim's logic does: a comet's share of the configured weight against half its share
 * of the connections. A comet with less than its share of the load moves up; one with more moves down, to at least
 * weight 1. Each answer counts one connection for the comet it put first, until that comet's next report already
 * includes it, so clients asking between two reports spread instead of all picking the same comet.
 */
final class NodeBalancer {

    private static final long MIN_WEIGHT = 1;
    private static final long MAX_WEIGHT = 1 << 20;

    /** Server id → {report it belongs to (updated), connections handed out since}. */
    private final Map<String, long[]> handedOut = new HashMap<>();

    synchronized List<CometNode> order(List<CometNode> nodes) {
        handedOut.keySet().retainAll(nodes.stream().map(CometNode::hostname).toList());
        long totalWeight = 0;
        long totalConns = 0;
        Map<String, Long> conns = new HashMap<>();
        for (CometNode node : nodes) {
            long[] given = handedOut.get(node.hostname());
            long connections = node.connCount() + (given != null && given[0] == node.updated() ? given[1] : 0);
            conns.put(node.hostname(), connections);
            totalWeight += node.weight();
            totalConns += connections;
        }
        Map<String, Long> current = new HashMap<>();
        for (CometNode node : nodes) {
            current.put(node.hostname(), currentWeight(node.weight(), conns.get(node.hostname()), totalWeight,
                    totalConns));
        }
        List<CometNode> ordered = new ArrayList<>(nodes);
        ordered.sort(Comparator.<CometNode>comparingLong(n -> current.get(n.hostname())).reversed()
                .thenComparing(Comparator.comparingInt(CometNode::weight).reversed())
                .thenComparing(CometNode::hostname));
        if (!ordered.isEmpty()) {
            CometNode first = ordered.get(0);
            long[] given = handedOut.get(first.hostname());
            if (given == null || given[0] != first.updated()) {
                given = new long[] {first.updated(), 0};
                handedOut.put(first.hostname(), given);
            }
            given[1]++;
        }
        return ordered;
    }

    /** goim's formula: the fixed weight plus the connections this comet is short of (or over) its share. */
    static long currentWeight(long weight, long conns, long totalWeight, long totalConns) {
        if (totalConns <= 0) {
            return 0;
        }
        double diff = (double) weight / totalWeight - (double) conns / totalConns * 0.5;
        double multiple = diff * totalConns;
        double floor = Math.floor(multiple);
        long adjusted = (long) (weight + (floor - multiple >= -0.5 ? floor : Math.ceil(multiple)));
        return diff < 0 ? Math.max(MIN_WEIGHT, adjusted) : Math.min(MAX_WEIGHT, adjusted);
    }
}
