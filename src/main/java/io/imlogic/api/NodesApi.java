package io.imlogic.api;

import io.imlogic.nodes.CometNode;
import io.imlogic.nodes.NodeList;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** goim's node list queries, which clients call to find a comet: {@code nodes/weighted} and {@code nodes/instances}. */
public final class NodesApi {

    private final NodeList nodes;

    public NodesApi(NodeList nodes) {
        this.nodes = nodes;
    }

    /** {@code GET ?platform=} → goim's {@code {domain, tcp_port, ws_port, wss_port, heartbeat, nodes, backoff, heartbeat_max}}. */
    public NodeList.Nodes weighted(Exchange exchange) {
        RequestFields fields = RequestReader.query(exchange, "GET");
        String platform = fields.single("platform");
        return nodes.weighted(platform == null ? "" : FieldRules.limited(platform, "platform", 64));
    }

    /** {@code GET} → the live comets in discovery's instance shape: {@code [{hostname, addrs, metadata}]}. */
    public List<Map<String, Object>> instances(Exchange exchange) {
        RequestReader.query(exchange, "GET");
        List<Map<String, Object>> instances = new ArrayList<>();
        for (CometNode node : nodes.instances()) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("weight", Integer.toString(node.weight()));
            metadata.put("conn_count", Long.toString(node.connCount()));
            metadata.put("ip_count", Long.toString(node.ipCount()));
            metadata.put("addrs", String.join(",", node.addrs()));
            metadata.put("offline", "false");
            Map<String, Object> instance = new LinkedHashMap<>();
            instance.put("hostname", node.hostname());
            instance.put("addrs", node.addrs());
            instance.put("metadata", metadata);
            // discovery's unit: nanoseconds
            instance.put("latest_timestamp", node.updated() * 1_000_000_000L);
            instances.add(instance);
        }
        return instances;
    }
}
