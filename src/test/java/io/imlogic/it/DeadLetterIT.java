package io.imlogic.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A push whose lookup keeps failing is retried with backoff, then kept as a dead letter (metrics, JMX, admin list),
 * and an admin replay delivers it once the cause is fixed. Also: the bearer tokens of each audience.
 */
class DeadLetterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin-" + UUID.randomUUID();
    private static final String PUSH = "push-" + UUID.randomUUID();
    private static final String SESSION = "session-" + UUID.randomUUID();
    private static RunningService service;

    @BeforeAll
    static void start() throws Exception {
        service = new RunningService(Map.of("im.pipeline.max-retries", "2", "im.pipeline.retry-delay-ms", "50",
                "im.auth.admin-token", ADMIN, "im.auth.push-token", PUSH, "im.auth.session-token", SESSION));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void aPushThatKeepsFailingBecomesADeadLetterAndIsReplayed() throws Exception {
        long mid = Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L) + 1;
        try (RedisCli redis = new RedisCli(TestServers.redis().port())) {
            // not goim's hash: every HGETALL fails with WRONGTYPE
            redis.call("SET", "mid_" + mid, "corrupt");
            long deadBefore = service.counters().deadLetteredTotal();
            HttpResponse<String> response = send(push("/im/push/mids", "{\"mids\":[" + mid + "],\"msg\":\"dead\"}"));
            assertEquals(202, response.statusCode(), response.body());
            String requestId = JSON.readTree(response.body()).path("data").path("requestId").asText();

            RunningService.await(() -> service.counters().deadLetteredTotal() == deadBefore + 1, Duration.ofSeconds(30),
                    () -> "never dead-lettered");
            JsonNode list = JSON.readTree(send(admin("GET", "/im/admin/dead-letters")).body()).path("data");
            assertTrue(list.path("total").asInt() >= 1);
            JsonNode item = find(list.path("items"), requestId);
            assertEquals("MIDS", item.path("target").asText());
            assertTrue(item.path("error").asText().contains("WRONGTYPE"), item.toString());
            assertTrue(service.get(service.managementUri("/observe/metrics")).body()
                    .contains("im_pushes_dead_lettered_total " + (double) (deadBefore + 1)));

            redis.call("DEL", "mid_" + mid);
            redis.pipeline(RedisCli.connection(mid, "dl-" + mid, "comet-dl"));
        }
        HttpResponse<String> replay = send(admin("POST", "/im/admin/dead-letters/replay?requestId=" + requestIdOf()));
        assertEquals(200, replay.statusCode(), replay.body());
        assertEquals(1, JSON.readTree(replay.body()).path("data").path("replayed").asInt());
        assertEquals(1, TopicReader.ofRequest(service.records(), requestIdOf()).size(), "delivered on replay");
        assertEquals(0, find(JSON.readTree(send(admin("GET", "/im/admin/dead-letters")).body()).path("data")
                .path("items"), requestIdOf()).size(), "gone from the store");
    }

    @Test
    void eachAudienceHasItsOwnToken() {
        String body = "{\"mids\":[1],\"msg\":\"x\"}";
        assertEquals(401, service.post("/im/push/mids", "application/json", body).statusCode());
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(service.uri("/im/push/mids"))
                .header("Authorization", "Bearer " + SESSION).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(401, wrong.statusCode());
        assertEquals("Bearer", wrong.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue(wrong.body().contains("\"code\":-400"));
        assertEquals(202, send(push("/im/push/mids", body)).statusCode());
        assertEquals(401, service.get(service.uri("/goim/online/total")).statusCode());

        assertEquals(401, service.post("/im/session/disconnect", "application/json", "{\"key\":\"k\"}").statusCode());
        assertEquals(200, send(HttpRequest.newBuilder(service.uri("/im/session/disconnect"))
                .header("Authorization", "Bearer " + SESSION).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"k\"}")).build()).statusCode());

        assertEquals(401, send(HttpRequest.newBuilder(service.uri("/im/admin/dead-letters"))
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

    private static String lastRequestId;

    private static String requestIdOf() throws Exception {
        if (lastRequestId == null) {
            JsonNode items = JSON.readTree(send(admin("GET", "/im/admin/dead-letters")).body()).path("data")
                    .path("items");
            lastRequestId = items.get(items.size() - 1).path("requestId").asText();
        }
        return lastRequestId;
    }

    private static JsonNode find(JsonNode items, String requestId) {
        for (JsonNode item : items) {
            if (requestId.equals(item.path("requestId").asText())) {
                lastRequestId = requestId;
                return item;
            }
        }
        return JSON.createObjectNode();
    }

    private static HttpRequest push(String path, String body) {
        return HttpRequest.newBuilder(service.uri(path)).header("Authorization", "Bearer " + PUSH)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest admin(String method, String path) {
        return HttpRequest.newBuilder(service.uri(path)).header("Authorization", "Bearer " + ADMIN)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        return service.send(request);
    }
}
