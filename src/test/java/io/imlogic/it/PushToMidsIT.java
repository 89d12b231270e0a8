package io.imlogic.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.imlogic.it.TopicReader.header;
import static io.imlogic.it.TopicReader.ofRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /im/push/mids end to end: HTTP, the real Redis lookup, and the records on the real Kafka topic. */
class PushToMidsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningService service;
    private static Jedis redis;
    /** Makes this run's mids and keys unique, so the shared Redis holds no leftovers that could match. */
    private static long base;

    @BeforeAll
    static void start() throws Exception {
        service = RunningService.withDefaults();
        redis = TestRedis.connect();
        base = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) * 100_000L + 1;
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
        service.close();
    }

    @Test
    void threeMidsOnTwoServersMakeOneRecordPerServerKeyedByServer() throws Exception {
        long a = base + 1, b = base + 2, c = base + 3;
        List<TestRedis.Connection> seed = new ArrayList<>();
        seed.add(TestRedis.connection(a, "ka1", "comet-1"));
        seed.add(TestRedis.connection(a, "ka2", "comet-2"));
        seed.add(TestRedis.connection(b, "kb1", "comet-1"));
        seed.add(TestRedis.connection(c, "kc2", "comet-2"));
        TestRedis.seed(redis, seed);

        JsonNode reply = accepted(service.post("/im/push/mids", "application/json",
                "{\"operation\":1000,\"mids\":[" + a + "," + b + "," + c + "],\"msg\":\"hello\"}"));
        assertEquals(3, reply.path("data").path("mids").asInt());

        List<ConsumerRecord<String, byte[]>> records = recordsOf(reply);
        assertEquals(2, records.size(), "one record per comet server");
        Map<String, JsonNode> byKey = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            byKey.put(record.key(), JSON.readTree(record.value()));
        }
        assertEquals(Set.of("comet-1", "comet-2"), byKey.keySet(), "record key = server id");
        JsonNode one = byKey.get("comet-1");
        assertEquals("PUSH", one.path("type").asText());
        assertEquals(1000, one.path("operation").asInt());
        assertEquals("comet-1", one.path("server").asText());
        assertEquals("hello", one.path("msg").asText());
        assertEquals(Set.of("ka1", "kb1"), texts(one.path("keys")));
        assertEquals(Set.of("ka2", "kc2"), texts(byKey.get("comet-2").path("keys")));
    }

    @Test
    void theThreeInputStylesAllDeliver() throws Exception {
        long mid = base + 10;
        TestRedis.seed(redis, TestRedis.connection(mid, "kstyle", "comet-s"));

        JsonNode json = accepted(service.post("/im/push/mids", "application/json",
                "{\"mids\":" + mid + ",\"msg\":{\"text\":\"hi\"}}"));
        JsonNode form = accepted(service.post("/im/push/mids", "application/x-www-form-urlencoded",
                "operation=7&mids=" + mid + "," + (base + 11) + "&mids=" + mid + "&msg=form+text"));
        JsonNode goim = accepted(service.post("/im/push/mids?operation=8&mids=" + mid + "&mids=" + (base + 12),
                "text/plain", "raw body"));

        JsonNode jsonValue = JSON.readTree(recordsOf(json).get(0).value());
        assertEquals(9, jsonValue.path("operation").asInt(), "operation defaults to 9 (raw)");
        assertEquals("{\"text\":\"hi\"}", jsonValue.path("msg").asText(), "a JSON msg is kept as its JSON text");

        assertEquals(2, form.path("data").path("mids").asInt(), "duplicates dropped, comma lists split");
        JsonNode formValue = JSON.readTree(recordsOf(form).get(0).value());
        assertEquals(7, formValue.path("operation").asInt());
        assertEquals("form text", formValue.path("msg").asText());

        JsonNode goimValue = JSON.readTree(recordsOf(goim).get(0).value());
        assertEquals(8, goimValue.path("operation").asInt());
        assertEquals("raw body", goimValue.path("msg").asText());
        assertEquals(List.of("kstyle"), List.copyOf(texts(goimValue.path("keys"))));
    }

    @Test
    void aMidWithoutConnectionMakesNoRecordAndIsCounted() throws Exception {
        long before = service.counters().midsWithoutConnection();
        JsonNode reply = accepted(service.post("/im/push/mids", "application/json",
                "{\"operation\":1000,\"mids\":[" + (base + 99) + "],\"msg\":\"nobody home\"}"));
        assertTrue(recordsOf(reply).isEmpty());
        assertEquals(before + 1, service.counters().midsWithoutConnection());
    }

    @Test
    void theReplyComesBeforeTheRedisWork() throws Exception {
        long mid = base + 20;
        TestRedis.seed(redis, TestRedis.connection(mid, "kpause", "comet-p"));
        long pauseMillis = 2_000;
        long pausedAt = System.nanoTime();
        redis.clientPause(pauseMillis, ClientPauseMode.ALL);

        HttpResponse<String> response = service.post("/im/push/mids", "application/json",
                "{\"mids\":[" + mid + "],\"msg\":\"while paused\"}");
        long repliedAfter = Duration.ofNanos(System.nanoTime() - pausedAt).toMillis();
        String requestId = accepted(response).path("data").path("requestId").asText();
        // Redis has been paused for the whole exchange: whatever answered could not have waited for it
        assertTrue(repliedAfter < pauseMillis, "202 came after " + repliedAfter + " ms, inside the pause");
        assertTrue(ofRequest(service.records(), requestId).isEmpty(), "no record while Redis is paused");

        JsonNode reply = JSON.readTree(response.body());
        List<ConsumerRecord<String, byte[]>> records = recordsOf(reply);
        assertEquals(1, records.size(), "delivered once the pause ended");
        assertTrue(Duration.ofNanos(System.nanoTime() - pausedAt).toMillis() >= pauseMillis);
    }

    @Test
    void tenThousandMidsOverFiftyServersInAHandfulOfRoundTrips() throws Exception {
        int mids = 10_000, servers = 50;
        long first = base + 50_000;
        List<TestRedis.Connection> seed = new ArrayList<>();
        Map<String, Set<String>> expected = new HashMap<>();
        StringBuilder body = new StringBuilder("{\"operation\":1000,\"msg\":\"big\",\"mids\":[");
        for (int i = 0; i < mids; i++) {
            long mid = first + i;
            String server = "comet-" + (i % servers);
            String key = "big-" + mid;
            seed.add(TestRedis.connection(mid, key, server));
            expected.computeIfAbsent(server, s -> new HashSet<>()).add(key);
            body.append(i == 0 ? "" : ",").append(mid);
        }
        TestRedis.seed(redis, seed);
        body.append("]}");

        long hgetallBefore = TestRedis.commandCalls(redis, "hgetall");
        long readsBefore = Long.parseLong(TestRedis.info(redis, "stats", "total_reads_processed"));
        long tripsBefore = service.counters().redisRoundTrips();

        JsonNode reply = accepted(service.post("/im/push/mids", "application/json", body.toString()));
        List<ConsumerRecord<String, byte[]>> records = recordsOf(reply);

        assertEquals(servers, records.size());
        Map<String, Set<String>> delivered = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            delivered.put(record.key(), texts(JSON.readTree(record.value()).path("keys")));
        }
        assertEquals(expected, delivered, "every key reached its server's record");

        long trips = service.counters().redisRoundTrips() - tripsBefore;
        assertEquals(10, trips, "10 000 mids in batches of 1 000");
        assertEquals(mids, TestRedis.commandCalls(redis, "hgetall") - hgetallBefore,
                "one HGETALL per mid, nothing more");
        // Redis's own count of socket reads: pipelining means far fewer reads than commands
        long reads = Long.parseLong(TestRedis.info(redis, "stats", "total_reads_processed")) - readsBefore;
        assertTrue(reads < 500, "Redis processed " + reads + " reads for " + mids + " lookups");
    }

    @Test
    void badInputGetsItsStatusAndAJsonMessage() {
        assertError(service.post("/im/push/mids", "application/json", "{\"mids\":[1]}"), 400, "msg is required");
        assertError(service.post("/im/push/mids", "application/json", "{\"mids\":[1],"), 400, "not valid JSON");
        assertError(service.post("/im/push/mids", "application/json", "[1,2]"), 400, "JSON object");
        assertError(service.post("/im/push/mids", "application/json", "{\"msg\":\"x\"}"), 400, "mids is required");
        assertError(service.post("/im/push/mids", "application/json", "{\"mids\":[\"abc\"],\"msg\":\"x\"}"), 400,
                "mids must be positive");
        assertError(service.post("/im/push/mids", "application/json", "{\"mids\":[-5],\"msg\":\"x\"}"), 400,
                "mids must be positive");
        assertError(service.post("/im/push/mids", "application/json",
                "{\"mids\":[1],\"operation\":99999999999,\"msg\":\"x\"}"), 400, "operation must be a 32-bit");
        StringBuilder tooMany = new StringBuilder("{\"msg\":\"x\",\"mids\":[1");
        for (int i = 2; i <= 10_001; i++) {
            tooMany.append(',').append(i);
        }
        assertError(service.post("/im/push/mids", "application/json", tooMany + "]}"), 400, "more than 10000");
        assertError(service.send(TestHttp.request(service.uri("/im/push/mids")).GET().build()),
                405, "use POST");
        assertError(service.post("/im/push/mids", "application/xml", "<push/>"), 415, "not supported");
        assertError(service.post("/im/push/mids", "application/json", "{\"msg\":\"" + "x".repeat(1_100_000) + "\"}"),
                413, "larger than");
        assertError(service.post("/im/push/mids?mids=1&msg=%FF", "text/plain", ""), 400, "not valid UTF-8");
        assertError(service.post("/im/push/mids?mids=1", "text/plain; charset=ISO-8859-1", "x"), 415, "UTF-8");
    }

    @Test
    void oddFormFieldNamesAreNotA500() {
        // platform-http copies form fields onto the response as headers; these names are illegal there
        HttpResponse<String> response = service.post("/im/push/mids", "application/x-www-form-urlencoded",
                "a+b=1&%C3%A9t%C3%A9=2&%00=3&mids=" + (base + 30) + "&msg=x");
        assertEquals(202, response.statusCode(), response.body());
    }

    private static JsonNode accepted(HttpResponse<String> response) throws Exception {
        assertEquals(202, response.statusCode(), response.body());
        JsonNode reply = JSON.readTree(response.body());
        assertEquals(0, reply.path("code").asInt());
        assertEquals("accepted", reply.path("message").asText());
        assertNotNull(reply.path("data").path("requestId").textValue());
        return reply;
    }

    /** Waits until the pipeline delivered everything accepted so far, then returns the request's records. */
    private static List<ConsumerRecord<String, byte[]>> recordsOf(JsonNode reply) {
        service.awaitDelivered(service.counters().acceptedTotal());
        return ofRequest(service.records(), reply.path("data").path("requestId").asText());
    }

    private static void assertError(HttpResponse<String> response, int status, String messagePart) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body());
        }
        assertEquals(-400, body.path("code").asInt(), response.body());
        assertTrue(body.path("message").asText().contains(messagePart), response.body());
        assertFalse(body.has("data"));
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new java.util.LinkedHashSet<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
