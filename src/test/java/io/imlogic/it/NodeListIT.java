package io.imlogic.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import goim.logic.NodesReply;
import goim.logic.NodesReq;
import goim.logic.OnlineReq;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node list comes from the comets themselves: comets that keep renewing their online counts are listed, in
 * goim's shapes over HTTP and gRPC, with the configured domain, ports, weights and addresses; a comet that stops
 * renewing is dropped after {@code im.online.stale-after} (2 s here instead of goim's 5 minutes).
 */
class NodeListIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningService service;
    private static CometClient comets;
    private static String a;
    private static String b;

    @BeforeAll
    static void start() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        a = "comet-na-" + run;
        b = "comet-nb-" + run;
        service = new RunningService(Map.of("im.online.refresh-ms", "100", "im.online.stale-after", "2s",
                "im.comet.addresses", a + "=203.0.113.10,203.0.113.11", "im.comet.weights", a + "=30",
                "im.comet.domain", "conn.example.test", "im.comet.host-domain", ".example.test"));
        comets = new CometClient(service.grpcPort());
    }

    @AfterAll
    static void stop() throws Exception {
        comets.close();
        service.close();
    }

    @Test
    void cometsThatRenewAreListedAndOneThatStopsIsDropped() throws Exception {
        await(() -> {
            renew(a, 3);
            renew(b, 4);
            return hostNames().containsAll(Set.of(a + ".example.test", b + ".example.test"));
        }, "both renewing comets listed");

        JsonNode weighted = goim("/goim/nodes/weighted?platform=web");
        assertEquals("", weighted.path("message").asText());
        JsonNode data = weighted.path("data");
        assertEquals("conn.example.test", data.path("domain").asText());
        assertEquals(3101, data.path("tcp_port").asInt());
        assertEquals(3102, data.path("ws_port").asInt());
        assertEquals(3103, data.path("wss_port").asInt());
        assertEquals(240, data.path("heartbeat").asInt(), "seconds, goim's 4m");
        assertEquals(2, data.path("heartbeat_max").asInt());
        assertEquals("{\"max_delay\":300,\"base_delay\":3,\"factor\":1.8,\"jitter\":0.3}",
                data.path("backoff").toString());
        assertTrue(data.path("nodes").size() <= 5, data.toString());

        // other platforms get addresses: the configured ones, else the address the comet calls from
        Set<String> addresses = texts(goim("/goim/nodes/weighted?platform=android").path("data").path("nodes"));
        assertTrue(addresses.containsAll(Set.of("203.0.113.10", "203.0.113.11", "127.0.0.1")), addresses.toString());

        NodesReply grpc = comets.logic().nodes(NodesReq.newBuilder().setPlatform("web").setClientIP("198.51.100.1")
                .build());
        assertTrue(grpc.getNodesList().containsAll(List.of(a + ".example.test", b + ".example.test")),
                grpc.toString());
        assertEquals("conn.example.test", grpc.getDomain());
        assertEquals(3101, grpc.getTcpPort());
        assertEquals(3103, grpc.getWssPort());
        assertEquals(240, grpc.getHeartbeat());
        assertEquals(2, grpc.getHeartbeatMax());
        assertEquals(300, grpc.getBackoff().getMaxDelay());
        assertEquals(1.8f, grpc.getBackoff().getFactor());

        Map<String, JsonNode> instances = new HashMap<>();
        for (JsonNode instance : goim("/goim/nodes/instances").path("data")) {
            instances.put(instance.path("hostname").asText(), instance);
        }
        assertEquals("30", instances.get(a).path("metadata").path("weight").asText());
        assertEquals("[\"203.0.113.10\",\"203.0.113.11\"]", instances.get(a).path("addrs").toString());
        assertEquals("10", instances.get(b).path("metadata").path("weight").asText());
        assertEquals("4", instances.get(b).path("metadata").path("conn_count").asText(), "its rooms' connections");
        assertEquals("[\"127.0.0.1\"]", instances.get(b).path("addrs").toString());

        JsonNode im = query("/im/nodes/weighted?platform=web");
        assertEquals("ok", im.path("message").asText());
        assertEquals("conn.example.test", im.path("data").path("domain").asText());
        assertTrue(query("/im/nodes/instances").path("data").isArray());

        // b falls silent, a keeps renewing
        await(() -> {
            renew(a, 3);
            Set<String> names = hostNames();
            return names.contains(a + ".example.test") && !names.contains(b + ".example.test");
        }, "the silent comet dropped, the renewing one kept");
        assertTrue(comets.logic().nodes(NodesReq.newBuilder().setPlatform("web").build()).getNodesList()
                .contains(a + ".example.test"));
    }

    @Test
    void badNodeQueriesAreRefused() throws Exception {
        HttpResponse<String> post = service.post("/goim/nodes/weighted", "text/plain", "x");
        assertEquals(405, post.statusCode(), post.body());
        HttpResponse<String> tooLong = get("/im/nodes/weighted?platform=" + "p".repeat(100));
        assertEquals(400, tooLong.statusCode(), tooLong.body());
        assertTrue(JSON.readTree(tooLong.body()).path("message").asText().contains("platform"), tooLong.body());
    }

    // ================================================================ helpers

    private static void renew(String server, int connections) {
        comets.logic().withCompression("gzip").renewOnline(OnlineReq.newBuilder().setServer(server)
                .putRoomCount("live://" + server, connections).build());
    }

    private static Set<String> hostNames() {
        try {
            return texts(goim("/goim/nodes/weighted?platform=web").path("data").path("nodes"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode goim(String pathAndQuery) throws Exception {
        JsonNode body = query(pathAndQuery);
        assertEquals("", body.path("message").asText());
        return body;
    }

    private static JsonNode query(String pathAndQuery) throws Exception {
        HttpResponse<String> response = get(pathAndQuery);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(0, body.path("code").asInt(), response.body());
        return body;
    }

    private static HttpResponse<String> get(String pathAndQuery) {
        return service.send(TestHttp.request(service.uri(pathAndQuery)).GET().build());
    }

    private static Set<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return new HashSet<>(texts);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        RunningService.await(condition, Duration.ofSeconds(20), () -> what + ": never happened");
    }
}
