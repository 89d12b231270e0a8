package io.imlogic.nodes;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.imlogic.online.OnlineCounts;
import io.imlogic.redis.ServerOnline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The comets clients may connect to, which goim's logic takes from its discovery service: here the comets
 * themselves, live while their online reports (RenewOnline) keep coming, as of the last background refresh of the
 * online counts; a comet silent for {@code im.online.stale-after} is dropped.
 */
public final class NodeList {

    /** At most this many nodes per answer, as goim. */
    static final int MAX_NODES = 5;
    /** goim's platform name for browsers, which need host names (TLS, WebSocket origins) rather than addresses. */
    static final String WEB = "web";

    /** goim's node list reply ({@code NodesReply}); the JSON names are goim's. */
    public record Nodes(@JsonProperty("domain") String domain, @JsonProperty("tcp_port") int tcpPort,
                        @JsonProperty("ws_port") int wsPort, @JsonProperty("wss_port") int wssPort,
                        @JsonProperty("heartbeat") int heartbeat, @JsonProperty("nodes") List<String> nodes,
                        @JsonProperty("backoff") NodeSettings.Backoff backoff,
                        @JsonProperty("heartbeat_max") int heartbeatMax) {
    }

    private final NodeSettings settings;
    private final Supplier<List<ServerOnline>> liveServers;
    private final NodeBalancer balancer = new NodeBalancer();

    /** @param liveServers the comets that renewed lately: {@link OnlineCounts#liveServers()} */
    public NodeList(NodeSettings settings, Supplier<List<ServerOnline>> liveServers) {
        this.settings = settings;
        this.liveServers = liveServers;
    }

    /** Every live comet, by server id. */
    public List<CometNode> instances() {
        List<CometNode> nodes = new ArrayList<>();
        for (ServerOnline server : liveServers.get()) {
            nodes.add(new CometNode(server.server(), settings.addressesOf(server.server(), server.peer()),
                    settings.weightOf(server.server()), OnlineCounts.connections(server),
                    server.stats() == null ? 0 : server.stats().ipCount(), server.updated()));
        }
        nodes.sort((a, b) -> a.hostname().compareTo(b.hostname()));
        return nodes;
    }

    /**
     * The best comets for a client of {@code platform}, at most {@link #MAX_NODES}: host names under the host
     * domain for {@code web}, addresses for the others; the domain alone when no comet is live.
     */
    public Nodes weighted(String platform) {
        List<String> nodes = new ArrayList<>();
        List<CometNode> ordered = balancer.order(instances());
        for (CometNode node : ordered.subList(0, Math.min(MAX_NODES, ordered.size()))) {
            if (WEB.equals(platform)) {
                nodes.add(node.hostname() + settings.hostDomain());
            } else {
                nodes.addAll(node.addrs());
            }
        }
        if (nodes.isEmpty()) {
            nodes.add(settings.domain());
        }
        return new Nodes(settings.domain(), settings.tcpPort(), settings.wsPort(), settings.wssPort(),
                settings.heartbeatSeconds(), List.copyOf(nodes), settings.backoff(), settings.heartbeatMax());
    }
}
