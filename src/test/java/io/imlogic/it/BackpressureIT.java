package io.imlogic.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A spent pipeline budget is answered 503 with Retry-After, and every push that got 202 is still delivered. */
class BackpressureIT {

    private static final int QUEUE = 4;
    private static RunningService service;

    @BeforeAll
    static void start() throws Exception {
        service = new RunningService(Map.of("im.pipeline.threads", "1", "im.pipeline.max-pushes",
                Integer.toString(QUEUE)));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void aSpentBudgetIsRefusedWith503AndEveryAcceptedPushIsDelivered() throws Exception {
        long mid = Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L) + 1;
        try (Jedis redis = TestRedis.connect()) {
            TestRedis.seed(redis, TestRedis.connection(mid, "bp-" + mid, "comet-bp"));
            // the pipeline waits on the paused Redis, so the pushes in flight reach the budget
            redis.clientPause(2500, ClientPauseMode.ALL);
        }
        List<String> accepted = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = service.post("/im/push/mids", "application/json",
                    "{\"mids\":[" + mid + "],\"msg\":\"bp " + i + "\"}");
            if (response.statusCode() == 202) {
                accepted.add(new ObjectMapper().readTree(response.body()).path("data").path("requestId").asText());
            } else {
                assertEquals(503, response.statusCode(), response.body());
                assertEquals("1", response.headers().firstValue("Retry-After").orElse(""));
                assertTrue(response.body().contains("\"code\":-500"), response.body());
                refused++;
            }
        }
        // the budget counts every push accepted and not yet delivered: exactly that many get in
        assertEquals(QUEUE, accepted.size(), "accepted");
        assertEquals(20 - accepted.size(), refused);

        service.awaitDelivered(service.counters().acceptedTotal());
        var records = service.records();
        for (String requestId : accepted) {
            assertEquals(1, TopicReader.ofRequest(records, requestId).size(), "delivered: " + requestId);
        }
    }
}
