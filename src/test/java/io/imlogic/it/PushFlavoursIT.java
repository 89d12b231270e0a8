package io.imlogic.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.imlogic.it.TopicReader.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Push to keys, to a room and to everybody, under /im and under goim's /goim paths with goim-style requests. */
class PushFlavoursIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningService service;
    private static Jedis redis;
    private static String prefix;

    @BeforeAll
    static void start() throws Exception {
        service = RunningService.withDefaults();
        redis = TestRedis.connect();
        prefix = "pf" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
        service.close();
    }

    @Test
    void pushToKeysGroupsTheKeysByServerWithOneMget() throws Exception {
        String k1 = prefix + "k1", k2 = prefix + "k2", k3 = prefix + "k3";
        redis.mset("key_" + k1, "comet-a", "key_" + k2, "comet-b", "key_" + k3, "comet-a");
        long mgetBefore = TestRedis.commandCalls(redis, "mget");
        long missingBefore = service.counters().keysWithoutServer();

        JsonNode reply = accepted(service.post("/im/push/keys", "application/json",
                "{\"operation\":1001,\"keys\":[\"" + k1 + "\",\"" + k2 + "\",\"" + k3 + "\",\"" + prefix
                        + "gone\"],\"msg\":\"to keys\"}"));
        assertEquals(4, reply.path("data").path("keys").asInt());
        List<ConsumerRecord<String, byte[]>> records = recordsOf(reply);

        Map<String, JsonNode> byServer = byKey(records);
        assertEquals(Set.of("comet-a", "comet-b"), byServer.keySet());
        assertEquals(List.of(k1, k3), texts(byServer.get("comet-a").path("keys")));
        assertEquals(List.of(k2), texts(byServer.get("comet-b").path("keys")));
        assertEquals("PUSH", byServer.get("comet-a").path("type").asText());
        assertEquals(1001, byServer.get("comet-a").path("operation").asInt());
        assertEquals(1, TestRedis.commandCalls(redis, "mget") - mgetBefore, "one MGET for four keys");
        assertEquals(missingBefore + 1, service.counters().keysWithoutServer());
    }

    @Test
    void pushToRoomMakesOneRoomRecordKeyedByTheRoomKey() throws Exception {
        JsonNode reply = accepted(service.post("/im/push/room", "application/x-www-form-urlencoded",
                "operation=1002&type=live&room=1000&msg=room+news"));
        assertEquals("live://1000", reply.path("data").path("room").asText());
        List<ConsumerRecord<String, byte[]>> records = recordsOf(reply);
        assertEquals(1, records.size());
        assertEquals("live://1000", records.get(0).key());
        JsonNode value = JSON.readTree(records.get(0).value());
        assertEquals("ROOM", value.path("type").asText());
        assertEquals("live://1000", value.path("room").asText());
        assertEquals("room news", value.path("msg").asText());
        assertFalse(value.has("server"));
        assertFalse(value.has("keys"));
    }

    @Test
    void pushToAllMakesOneBroadcastRecordKeyedByOperation() throws Exception {
        JsonNode reply = accepted(service.post("/im/push/all", "application/json",
                "{\"operation\":1003,\"speed\":2,\"msg\":\"everyone\"}"));
        List<ConsumerRecord<String, byte[]>> records = recordsOf(reply);
        assertEquals(1, records.size());
        assertEquals("1003", records.get(0).key());
        JsonNode value = JSON.readTree(records.get(0).value());
        assertEquals("BROADCAST", value.path("type").asText());
        assertEquals(2, value.path("speed").asInt());
        assertEquals("everyone", value.path("msg").asText());
    }

    @Test
    void goimPathsAnswerGoimsConventionsAndDeliverTheSame() throws Exception {
        long mid = Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L) + 1;
        String key = prefix + "goim";
        TestRedis.seed(redis, TestRedis.connection(mid, key, "comet-g"));
        long recordsBefore = service.counters().recordsProduced();

        assertGoimOk(service.post("/goim/push/mids?operation=1000&mids=" + mid + "&mids=" + (mid + 1), null,
                "goim mids"));
        assertGoimOk(service.post("/goim/push/keys?operation=1000&keys=" + key + "," + prefix + "none", null,
                "goim keys"));
        assertGoimOk(service.post("/goim/push/room?operation=1000&type=live&room=77", null, "goim room"));
        assertGoimOk(service.post("/goim/push/all?operation=1000&speed=1", null, "goim all"));

        service.awaitDelivered(service.counters().acceptedTotal());
        assertEquals(recordsBefore + 4, service.counters().recordsProduced());
        Map<String, String> messages = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : service.records()) {
            JsonNode value = JSON.readTree(record.value());
            messages.put(value.path("msg").asText(), record.key());
        }
        assertEquals("comet-g", messages.get("goim mids"));
        assertEquals("comet-g", messages.get("goim keys"));
        assertEquals("live://77", messages.get("goim room"));
        assertEquals("1000", messages.get("goim all"));
    }

    @Test
    void goimBodiesAreTheMessageWhateverTheirContentType() throws Exception {
        long mid = Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L) + 1;
        String server = "comet-raw-" + prefix;
        TestRedis.seed(redis, TestRedis.connection(mid, prefix + "raw", server));
        byte[] binary = {(byte) 0xFF, (byte) 0xFE, 0, 1, (byte) 0xC3, 0x28, 'x'};
        // goim's README example (curl -d labels the body a form), text, none, multipart, JSON: all raw
        Map<String, byte[]> sent = new java.util.LinkedHashMap<>();
        sent.put("application/x-www-form-urlencoded", "mid message".getBytes(StandardCharsets.UTF_8));
        sent.put("text/plain; charset=utf-16", "text=1&msg=2".getBytes(StandardCharsets.UTF_8));
        sent.put("application/json", "{\"msg\":\"not a field\"}".getBytes(StandardCharsets.UTF_8));
        sent.put("multipart/form-data; boundary=x", "--x\r\n\r\npart\r\n--x--".getBytes(StandardCharsets.UTF_8));
        sent.put("application/octet-stream", binary);
        sent.put(null, "no content type".getBytes(StandardCharsets.UTF_8));
        long before = service.counters().acceptedTotal();
        for (Map.Entry<String, byte[]> body : sent.entrySet()) {
            HttpRequest.Builder request = TestHttp.request(service.uri("/goim/push/mids?operation=1000&mids="
                    + mid)).POST(HttpRequest.BodyPublishers.ofByteArray(body.getValue()));
            if (body.getKey() != null) {
                request.header("Content-Type", body.getKey());
            }
            assertGoimOk(service.send(request.build()));
        }
        service.awaitDelivered(before + sent.size());

        List<byte[]> received = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : service.records()) {
            if (server.equals(record.key())) {
                JsonNode value = JSON.readTree(record.value());
                if ("base64".equals(value.path("msgEncoding").asText())) {
                    received.add(Base64.getDecoder().decode(value.path("msg").asText()));
                } else {
                    assertFalse(value.has("msgEncoding"), value.toString());
                    received.add(value.path("msg").asText().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(sent.size(), received.size());
        for (byte[] body : sent.values()) {
            assertTrue(received.stream().anyMatch(r -> Arrays.equals(r, body)),
                    "byte for byte in a record: " + new String(body, StandardCharsets.UTF_8));
        }
    }

    @Test
    void goimPathsRefuseBadParametersAsGoimsFrameworkDoes() throws Exception {
        assertGoimError(service.post("/goim/push/room?operation=1000&type=live", null, "x"), 400, "room is required");
        assertGoimError(service.post("/goim/push/all?speed=1", null, "x"), 400, "operation is required");
        assertGoimError(service.post("/goim/push/mids?operation=1000&mids=abc", null, "x"), 400, "mids must be");
        assertGoimError(service.post("/goim/push/keys?operation=x&keys=a", null, "x"), 400, "operation must be");
        assertGoimError(service.post("/goim/push/keys?operation=1&keys=a", "application/x-www-form-urlencoded", ""),
                400, "the request body is the message");
    }

    @Test
    void badInputOfEachFlavourIsRefusedWithItsStatus() throws Exception {
        assertImError(service.post("/im/push/keys", "application/json", "{\"msg\":\"x\"}"), 400, "keys is required");
        assertImError(service.post("/im/push/keys", "application/json",
                "{\"keys\":[\"" + "k".repeat(200) + "\"],\"msg\":\"x\"}"), 400, "at most 128");
        assertImError(service.post("/im/push/room", "application/json", "{\"room\":\"1\",\"msg\":\"x\"}"), 400,
                "type is required");
        assertImError(service.post("/im/push/room", "application/json",
                "{\"type\":\"live\",\"room\":[\"1\",\"2\"],\"msg\":\"x\"}"), 400, "room must be given once");
        assertImError(service.post("/im/push/all", "application/json", "{\"msg\":\"x\"}"), 400,
                "operation is required");
        assertImError(service.post("/im/push/all", "application/json", "{\"operation\":1,\"speed\":-1,\"msg\":\"x\"}"),
                400, "speed must not be negative");
        assertImError(service.post("/im/push/all", "application/json", "{\"operation\":1}"), 400, "msg is required");
    }

    static JsonNode accepted(HttpResponse<String> response) throws Exception {
        assertEquals(202, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static void assertGoimOk(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(0, body.path("code").asInt());
        assertEquals("", body.path("message").asText());
        assertFalse(body.has("data"), "goim leaves data out when empty");
    }

    private static void assertGoimError(HttpResponse<String> response, int status, String part) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(-400, body.path("code").asInt());
        assertTrue(body.path("message").asText().contains(part), response.body());
    }

    static void assertImError(HttpResponse<String> response, int status, String part) throws Exception {
        assertGoimError(response, status, part);
    }

    private static List<ConsumerRecord<String, byte[]>> recordsOf(JsonNode reply) {
        service.awaitDelivered(service.counters().acceptedTotal());
        return TopicReader.ofRequest(service.records(), reply.path("data").path("requestId").asText());
    }

    private static Map<String, JsonNode> byKey(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        Map<String, JsonNode> byKey = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            byKey.put(record.key(), JSON.readTree(record.value()));
            assertFalse(header(record, "im-request-id").isEmpty());
        }
        return byKey;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return new ArrayList<>(new LinkedHashSet<>(texts));
    }
}
