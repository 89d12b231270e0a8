package io.imlogic.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A full pipeline queue is answered 503 with Retry-After, and every push that got 202 is still delivered. */
class BackpressureIT {

    private static final int QUEUE = 4;
    private static RunningService service;

    @BeforeAll
    static void start() throws Exception {
        service = new RunningService(Map.of("im.pipeline.threads", "1", "im.pipeline.queue-size",
                Integer.toString(QUEUE)));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void aFullQueueIsRefusedWith503AndEveryAcceptedPushIsDelivered() throws Exception {
        long mid = Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L) + 1;
        try (RedisCli redis = new RedisCli(TestServers.redis().port())) {
            redis.pipeline(RedisCli.connection(mid, "bp-" + mid, "comet-bp"));
            // the one pipeline thread blocks on the paused Redis, so the queue fills up
            redis.call("CLIENT", "PAUSE", "2500", "ALL");
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
        // one running plus a full queue, give or take the one the thread had not yet taken
        assertTrue(accepted.size() >= QUEUE && accepted.size() <= QUEUE + 1, "accepted " + accepted.size());
        assertEquals(20 - accepted.size(), refused);

        service.awaitDelivered(service.counters().acceptedTotal());
        var records = service.records();
        for (String requestId : accepted) {
            assertEquals(1, TopicReader.ofRequest(records, requestId).size(), "delivered: " + requestId);
        }
    }
}
