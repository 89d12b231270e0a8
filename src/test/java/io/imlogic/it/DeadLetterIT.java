package io.imlogic.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A push that can never succeed (the broker rejects its record as too large) leaves its batch for the dead letters
 * (metrics, admin list) without touching its neighbours, and an admin replay delivers it once the cause is fixed.
 * Also: the bearer tokens of each audience.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadLetterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 5;
    private static final int TOO_LARGE = 2;
    private static final String ADMIN = "admin-" + UUID.randomUUID();
    private static final String PUSH = "push-" + UUID.randomUUID();
    private static final String SESSION = "session-" + UUID.randomUUID();
    private static RunningService service;

    @BeforeAll
    static void start() throws Exception {
        // batches of five, and a wait long enough that five concurrent pushes always share one
        // producer batches no larger than the topic's limit below (see KafkaPreflight)
        service = new RunningService(Map.of("im.kafka.batch-size", "4096",
                "im.pipeline.batch-max", Integer.toString(BATCH),
                "im.pipeline.batch-wait-ms", "10000", "im.pipeline.retry-delay-ms", "50",
                "im.auth.admin-token", ADMIN, "im.auth.push-token", PUSH, "im.auth.session-token", SESSION));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    @Order(1)
    void aPushTheBrokerRejectsLeavesItsBatchForTheDeadLettersOnceAndTheOthersAreDeliveredOnce() throws Exception {
        long base = Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L) * 10 + 1;
        try (Jedis redis = TestRedis.connect()) {
            for (int i = 0; i < BATCH; i++) {
                TestRedis.seed(redis, TestRedis.connection(base + i, "dl-" + (base + i), "comet-dl"));
            }
        }
        // the broker takes no record over 4 KiB: a push with a 10 KB message can never be delivered
        Topics.maxMessageBytes(service.topic(), 4096);
        long deadBefore = service.counters().deadLetteredTotal();
        long batchesBefore = service.counters().batches();
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            String msg = i == TOO_LARGE ? "x".repeat(10_000) : "small " + i;
            String body = "{\"mids\":[" + (base + i) + "],\"msg\":\"" + msg + "\"}";
            replies.add(CompletableFuture.supplyAsync(() -> send(push("/im/push/mids", body))));
        }
        List<String> ids = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> reply : replies) {
            HttpResponse<String> response = reply.get(30, TimeUnit.SECONDS);
            assertEquals(202, response.statusCode(), response.body());
            ids.add(JSON.readTree(response.body()).path("data").path("requestId").asText());
        }
        RunningService.await(() -> service.counters().deadLetteredTotal() == deadBefore + 1, Duration.ofSeconds(60),
                () -> "never dead-lettered: delivered " + service.counters().delivered() + ", batches "
                        + service.counters().batches() + ", records " + service.records().size());
        service.awaitDelivered(service.counters().acceptedTotal() - service.counters().deadLetteredTotal());
        assertEquals(batchesBefore + 1, service.counters().batches(), "the five pushes were delivered as one batch");
        var records = service.records();
        for (int i = 0; i < BATCH; i++) {
            int expected = i == TOO_LARGE ? 0 : 1;
            assertEquals(expected, TopicReader.ofRequest(records, ids.get(i)).size(), "records of push " + i);
        }
        JsonNode item = find(JSON.readTree(send(admin("GET", "/im/admin/dead-letters")).body()).path("data")
                .path("items"), ids.get(TOO_LARGE));
        assertEquals("MIDS", item.path("target").asText());
        assertTrue(item.path("error").asText().contains("RecordTooLargeException"), item.toString());
        assertTrue(service.get(service.managementUri("/observe/metrics")).body()
                .contains("im_pushes_dead_lettered_total " + (double) (deadBefore + 1)));
        // it stays one dead letter: no retry of it, no second copy
        assertEquals(deadBefore + 1, service.counters().deadLetteredTotal());

        // the operator raises the limit and replays it
        Topics.maxMessageBytes(service.topic(), 1_048_576);
        HttpResponse<String> replay = send(admin("POST", "/im/admin/dead-letters/replay?requestId="
                + ids.get(TOO_LARGE)));
        assertEquals(200, replay.statusCode(), replay.body());
        assertEquals(1, JSON.readTree(replay.body()).path("data").path("replayed").asInt());
        RunningService.await(() -> TopicReader.ofRequest(service.records(), ids.get(TOO_LARGE)).size() == 1,
                Duration.ofSeconds(60), () -> "not delivered on replay");
        assertEquals(0, find(JSON.readTree(send(admin("GET", "/im/admin/dead-letters")).body()).path("data")
                .path("items"), ids.get(TOO_LARGE)).size(), "gone from the store");
        records = service.records();
        for (String id : ids) {
            assertEquals(1, TopicReader.ofRequest(records, id).size(), "exactly once in the end: " + id);
        }
    }

    @Test
    void eachAudienceHasItsOwnToken() {
        String body = "{\"mids\":[1],\"msg\":\"x\"}";
        assertEquals(401, service.post("/im/push/mids", "application/json", body).statusCode());
        HttpResponse<String> wrong = send(TestHttp.request(service.uri("/im/push/mids"))
                .header("Authorization", "Bearer " + SESSION).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(401, wrong.statusCode());
        assertEquals("Bearer", wrong.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue(wrong.body().contains("\"code\":-400"));
        assertEquals(202, send(push("/im/push/mids", body)).statusCode());
        assertEquals(401, service.get(service.uri("/goim/online/total")).statusCode());

        assertEquals(401, service.post("/im/session/disconnect", "application/json", "{\"key\":\"k\"}").statusCode());
        assertEquals(200, send(TestHttp.request(service.uri("/im/session/disconnect"))
                .header("Authorization", "Bearer " + SESSION).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"k\"}")).build()).statusCode());

        assertEquals(401, send(TestHttp.request(service.uri("/im/admin/dead-letters"))
                .header("Authorization", "Bearer " + PUSH).GET().build()).statusCode());
    }

    @Test
    void theAdminApiIsOffWithoutAToken() throws Exception {
        try (RunningService open = RunningService.withDefaults()) {
            HttpResponse<String> response = open.get(open.uri("/im/admin/dead-letters"));
            assertEquals(404, response.statusCode());
            assertTrue(response.body().contains("IM_AUTH_ADMIN_TOKEN"));
        }
    }

    private static JsonNode find(JsonNode items, String requestId) {
        for (JsonNode item : items) {
            if (requestId.equals(item.path("requestId").asText())) {
                return item;
            }
        }
        return JSON.createObjectNode();
    }

    private static HttpRequest push(String path, String body) {
        return TestHttp.request(service.uri(path)).header("Authorization", "Bearer " + PUSH)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest admin(String method, String path) {
        return TestHttp.request(service.uri(path)).header("Authorization", "Bearer " + ADMIN)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        return service.send(request);
    }
}
