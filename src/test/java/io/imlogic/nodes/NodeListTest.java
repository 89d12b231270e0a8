package io.imlogic.nodes;

import io.imlogic.redis.ConnectionStats;
import io.imlogic.redis.ServerOnline;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node list's choices: weights against load, at most five, host names for web, addresses for the others. */
class NodeListTest {

    private static final NodeSettings.Backoff BACKOFF = new NodeSettings.Backoff(300, 3, 1.8f, 0.3f);

    @Test
    void webGetsHostNamesOthersGetAddressesConfiguredOrObserved() {
        NodeList nodes = new NodeList(settings(Map.of(), Map.of("comet-1", List.of("203.0.113.1", "203.0.113.2"))),
                () -> List.of(server("comet-1", 0, "10.0.0.1"), server("comet-2", 0, "10.0.0.2")));

        assertEquals(List.of("comet-1.goim.io", "comet-2.goim.io"), sorted(nodes.weighted("web").nodes()));
        assertEquals(List.of("10.0.0.2", "203.0.113.1", "203.0.113.2"), sorted(nodes.weighted("android").nodes()));
        NodeList.Nodes reply = nodes.weighted("ios");
        assertEquals("conn.goim.io", reply.domain());
        assertEquals(3101, reply.tcpPort());
        assertEquals(240, reply.heartbeat());
        assertEquals(2, reply.heartbeatMax());
        assertEquals(BACKOFF, reply.backoff());
    }

    @Test
    void noLiveCometAnswersTheDomainAlone() {
        NodeList nodes = new NodeList(settings(Map.of(), Map.of()), List::of);

        assertEquals(List.of("conn.goim.io"), nodes.weighted("web").nodes());
        assertEquals(List.of("conn.goim.io"), nodes.weighted("android").nodes());
    }

    @Test
    void atMostFiveNodes() {
        List<ServerOnline> servers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            servers.add(server("comet-" + i, i, null));
        }
        NodeList nodes = new NodeList(settings(Map.of(), Map.of()), () -> servers);

        assertEquals(5, nodes.weighted("web").nodes().size());
        assertEquals(8, nodes.instances().size());
    }

    @Test
    void theHeavierWeightComesFirstWhileLoadIsEven() {
        NodeList nodes = new NodeList(settings(Map.of("comet-big", 30), Map.of()),
                () -> List.of(server("comet-small", 100, null), server("comet-big", 100, null)));

        assertEquals("comet-big.goim.io", nodes.weighted("web").nodes().get(0));
    }

    @Test
    void aLoadedCometFallsBehindOneWithRoomToSpare() {
        NodeList nodes = new NodeList(settings(Map.of(), Map.of()),
                () -> List.of(server("comet-busy", 900, null), server("comet-idle", 100, null)));

        assertEquals("comet-idle.goim.io", nodes.weighted("web").nodes().get(0));
    }

    @Test
    void clientsAskingBetweenTwoReportsSpreadOverTheComets() {
        NodeList nodes = new NodeList(settings(Map.of(), Map.of()),
                () -> List.of(server("comet-a", 50, null), server("comet-b", 50, null)));
        Map<String, Integer> firsts = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            firsts.merge(nodes.weighted("web").nodes().get(0), 1, Integer::sum);
        }
        assertTrue(firsts.getOrDefault("comet-a.goim.io", 0) >= 40, firsts.toString());
        assertTrue(firsts.getOrDefault("comet-b.goim.io", 0) >= 40, firsts.toString());
    }

    @Test
    void theWeightFormulaIsGoims() {
        // no connections anywhere: no preference
        assertEquals(0, NodeBalancer.currentWeight(10, 0, 20, 0));
        // half the weight and half the connections: share 0.5, load 0.25 -> 10 + 0.25 * 100
        assertEquals(35, NodeBalancer.currentWeight(10, 50, 20, 100));
        // far over its share: never below 1
        assertEquals(1, NodeBalancer.currentWeight(1, 1000, 100, 1000));
    }

    @Test
    void overridesParseAndRefuseNonsense() {
        assertEquals(Map.of("comet-1", 20, "comet-2", 5), NodeSettings.parseWeights(" comet-1=20; comet-2 = 5;", "w"));
        assertEquals(Map.of("comet-1", List.of("203.0.113.1", "203.0.113.2")),
                NodeSettings.parseAddresses("comet-1=203.0.113.1, 203.0.113.2", "a"));
        assertEquals(Map.of(), NodeSettings.parseWeights("", "w"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NodeSettings.parseWeights("comet-1=0", "w"))
                .getMessage().contains("comet-1"));
        assertThrows(IllegalArgumentException.class, () -> NodeSettings.parseWeights("comet-1", "w"));
        assertThrows(IllegalArgumentException.class, () -> NodeSettings.parseAddresses("=1.2.3.4", "a"));
    }

    // ================================================================ helpers

    private static NodeSettings settings(Map<String, Integer> weights, Map<String, List<String>> addresses) {
        return new NodeSettings("conn.goim.io", ".goim.io", 3101, 3102, 3103, 240, 2, BACKOFF, 10, weights,
                addresses);
    }

    private static ServerOnline server(String name, long connections, String peer) {
        return new ServerOnline(name, Map.of("live://1", (int) connections), 1_700_000_000L,
                new ConnectionStats(connections, connections / 2), peer);
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }
}
