package io.imlogic.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imlogic.online.OnlineCounts;
import io.imlogic.redis.CityHash32;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The comet session calls write goim's Redis layout, pushes follow them, and online queries read them back. */
class SessionAndOnlineIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningService service;
    private static Jedis redis;
    private static String run;

    @BeforeAll
    static void start() throws Exception {
        service = new RunningService(Map.of("im.online.refresh-ms", "100"));
        redis = TestRedis.connect();
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
        service.close();
    }

    @Test
    void connectPushDisconnectPush() throws Exception {
        long mid = Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L) + 1;
        JsonNode connected = session("connect", "{\"server\":\"comet-s-" + run + "\",\"cookie\":\"\",\"token\":"
                + "{\"mid\":" + mid + ",\"key\":\"\",\"room_id\":\"live://1000\",\"platform\":\"web\","
                + "\"accepts\":[1000,1001]}}");
        String key = connected.path("key").asText();
        assertEquals(36, key.length(), "an empty key gets a fresh UUID");
        assertEquals(mid, connected.path("mid").asLong());
        assertEquals("live://1000", connected.path("roomId").asText());
        assertEquals("[1000,1001]", connected.path("accepts").toString());
        assertEquals(480, connected.path("heartbeat").asLong());
        assertEquals(Map.of(key, "comet-s-" + run), redis.hgetAll("mid_" + mid));
        assertEquals("comet-s-" + run, redis.get("key_" + key));
        long ttl = redis.ttl("mid_" + mid);
        assertTrue(ttl > 1700 && ttl <= 1800, "goim's 30m expiry, got " + ttl);

        List<ConsumerRecord<String, byte[]>> records = push(mid);
        assertEquals(1, records.size());
        assertEquals("comet-s-" + run, records.get(0).key());
        assertEquals(key, JSON.readTree(records.get(0).value()).path("keys").get(0).asText());

        JsonNode disconnected = session("disconnect", "{\"mid\":" + mid + ",\"key\":\"" + key
                + "\",\"server\":\"comet-s-" + run + "\"}");
        assertTrue(disconnected.path("has").asBoolean());
        assertNull(redis.get("key_" + key));
        assertTrue(push(mid).isEmpty(), "no record once disconnected");
        assertFalse(session("disconnect", "{\"mid\":" + mid + ",\"key\":\"" + key + "\",\"server\":\"x\"}")
                .path("has").asBoolean());
    }

    @Test
    void heartbeatRenewsAndReaddsAnExpiredMapping() throws Exception {
        long mid = Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L) + 1;
        String key = "hb-" + run;
        session("connect", "{\"server\":\"comet-h\",\"token\":\"{\\\"mid\\\":" + mid + ",\\\"key\\\":\\\"" + key
                + "\\\"}\"}");
        redis.expire("key_" + key, 5);
        assertFalse(session("heartbeat", "{\"mid\":" + mid + ",\"key\":\"" + key + "\",\"server\":\"comet-h\"}")
                .path("readded").asBoolean());
        assertTrue(redis.ttl("key_" + key) > 1700, "heartbeat renewed the expiry");

        redis.del("mid_" + mid, "key_" + key);
        assertTrue(session("heartbeat", "{\"mid\":" + mid + ",\"key\":\"" + key + "\",\"server\":\"comet-h\"}")
                .path("readded").asBoolean());
        assertEquals("comet-h", redis.hget("mid_" + mid, key));
        assertEquals("comet-h", redis.get("key_" + key));
    }

    @Test
    void anAnonymousConnectionWritesOnlyItsKey() throws Exception {
        String key = "anon-" + run;
        JsonNode reply = session("connect", "{\"server\":\"comet-a\",\"token\":{\"mid\":0,\"key\":\"" + key + "\"}}");
        assertEquals(0, reply.path("mid").asLong());
        assertEquals("comet-a", redis.get("key_" + key));
        assertFalse(redis.exists("mid_0"));
    }

    @Test
    void badSessionCallsAreRefused() {
        assertError(service.post("/im/session/connect", "application/json", "{\"token\":{\"mid\":1}}"), 400,
                "server is required");
        assertError(service.post("/im/session/connect", "application/json", "{\"server\":\"s\",\"token\":\"{oops\"}"),
                400, "token is not valid JSON");
        assertError(service.post("/im/session/connect", "application/json",
                "{\"server\":\"s\",\"token\":{\"mid\":\"x\"}}"), 400, "token.mid must be");
        assertError(service.post("/im/session/disconnect", "application/json", "{\"mid\":1}"), 400,
                "key is required");
        assertError(service.post("/im/session/online", "application/json",
                "{\"server\":\"s\",\"roomCount\":{\"live://1\":-2}}"), 400, "must not be negative");
        assertError(service.send(TestHttp.request(service.uri("/im/session/heartbeat")).GET().build()), 405,
                "use POST");
    }

    @Test
    void onlineCountsAreStoredInGoimsShardsAndAnsweredAcrossServers() throws Exception {
        String type = "live" + run;
        String s1 = "comet-o1-" + run, s2 = "comet-o2-" + run;
        String room1000 = type + "://1000";
        session("online", "{\"server\":\"" + s1 + "\",\"roomCount\":{\"" + room1000 + "\":5,\"" + type
                + "://2000\":3},\"connCount\":9,\"ipCount\":4}");
        session("online", "{\"server\":\"" + s2 + "\",\"roomCount\":{\"" + room1000 + "\":2,\"chat" + run
                + "://9\":1}}");

        // goim's layout: field = CityHash32(room) % 64, value = {"server","room_count","updated"}
        String shard = Integer.toString(CityHash32.shard(room1000, 64));
        JsonNode stored = JSON.readTree(redis.hget("ol_" + s1, shard));
        assertEquals(s1, stored.path("server").asText());
        assertEquals(5, stored.path("room_count").path(room1000).asInt());
        assertTrue(Math.abs(stored.path("updated").asLong() - System.currentTimeMillis() / 1000) < 60);
        assertTrue(redis.ttl("ol_" + s1) > 0);

        OnlineCounts counts = service.service().context().getRegistry()
                .lookupByNameAndType("onlineCounts", OnlineCounts.class);
        RunningService.await(() -> counts.allRoomCount().getOrDefault(room1000, 0) == 7, Duration.ofSeconds(10),
                () -> "background refresh never summed " + room1000);

        JsonNode top = query("/im/online/top?type=" + type + "&limit=1");
        assertEquals("[{\"room_id\":\"1000\",\"count\":7}]", top.path("data").toString());
        assertEquals("ok", top.path("message").asText());
        JsonNode goimTop = query("/goim/online/top?type=" + type + "&limit=5");
        assertEquals("[{\"room_id\":\"1000\",\"count\":7},{\"room_id\":\"2000\",\"count\":3}]",
                goimTop.path("data").toString());
        assertEquals("", goimTop.path("message").asText());
        assertEquals("[]", query("/goim/online/top?type=none" + run + "&limit=5").path("data").toString());

        JsonNode rooms = query("/goim/online/room?type=" + type + "&rooms=1000&rooms=3000");
        assertEquals("{\"1000\":7,\"3000\":0}", rooms.path("data").toString());
        assertEquals("{\"1000\":7,\"2000\":3}",
                query("/im/online/room?type=" + type + "&rooms=1000,2000").path("data").toString());

        JsonNode total = query("/im/online/total").path("data");
        assertTrue(total.path("conn_count").asLong() >= 9 + 3, total.toString());
        assertTrue(total.path("ip_count").asLong() >= 4, total.toString());

        JsonNode renewed = session("online", "{\"server\":\"" + s2 + "\",\"roomCount\":{}}");
        assertEquals(7, renewed.path("allRoomCount").path(room1000).asInt(), "answers the counts across servers");
    }

    @Test
    void badOnlineQueriesAreRefused() {
        assertError(service.send(TestHttp.request(service.uri("/im/online/top?type=live")).GET().build()), 400,
                "limit is required");
        assertError(service.send(TestHttp.request(service.uri("/goim/online/top?type=live&limit=x")).GET()
                .build()), 400, "limit must be");
        assertError(service.send(TestHttp.request(service.uri("/im/online/room?type=live")).GET().build()), 400,
                "rooms is required");
        assertError(service.post("/im/online/total", "application/json", "{}"), 405, "use GET");
    }

    private static JsonNode session(String call, String body) throws Exception {
        HttpResponse<String> response = service.post("/im/session/" + call, "application/json", body);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static JsonNode query(String pathAndQuery) throws Exception {
        HttpResponse<String> response = service.send(TestHttp.request(service.uri(pathAndQuery)).GET().build());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(0, body.path("code").asInt());
        return body;
    }

    private static List<ConsumerRecord<String, byte[]>> push(long mid) throws Exception {
        JsonNode reply = PushFlavoursIT.accepted(service.post("/im/push/mids", "application/json",
                "{\"mids\":[" + mid + "],\"msg\":\"session test\"}"));
        service.awaitDelivered(service.counters().acceptedTotal());
        return TopicReader.ofRequest(service.records(), reply.path("data").path("requestId").asText());
    }

    private static void assertError(HttpResponse<String> response, int status, String part) {
        try {
            PushFlavoursIT.assertImError(response, status, part);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
