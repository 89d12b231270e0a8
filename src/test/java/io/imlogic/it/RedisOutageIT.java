package io.imlogic.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A 202 is a promise through a Redis outage: with Redis paused for a minute, pushes accepted before and during it
 * are all in Kafka within 30 s of its return, delivered by the running node (no restart), none dead-lettered.
 */
class RedisOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aMinuteLongRedisOutageIsWaitedOutAndEveryAcceptedPushIsDelivered() throws Exception {
        long mid = Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L) + 1;
        try (RunningService service = RunningService.withDefaults();
             Jedis redis = TestRedis.connect()) {
            TestRedis.seed(redis, TestRedis.connection(mid, "redis-outage-" + mid, "comet-r"));
            List<String> accepted = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                accepted.add(accepted(service.post("/im/push/mids", "application/json", push(mid, "before " + i))));
            }
            redis.clientPause(60000, ClientPauseMode.ALL);
            long pauseStart = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                accepted.add(accepted(service.post("/im/push/mids", "application/json", push(mid, "during " + i))));
                Thread.sleep(400); // spread over most of the outage
            }
            long remaining = 60_000 - Duration.ofNanos(System.nanoTime() - pauseStart).toMillis();
            if (remaining > 0) {
                Thread.sleep(remaining); // Redis answers again when its pause ends
            }
            long back = System.nanoTime();
            RunningService.await(() -> service.counters().delivered() >= service.counters().acceptedTotal(),
                    Duration.ofSeconds(30), () -> "delivered " + service.counters().delivered() + " of "
                            + service.counters().acceptedTotal() + " 30 s after Redis came back");
            long catchUp = Duration.ofNanos(System.nanoTime() - back).toMillis();

            var records = service.records();
            int lost = 0;
            for (String requestId : accepted) {
                lost += TopicReader.ofRequest(records, requestId).isEmpty() ? 1 : 0;
            }
            System.out.printf("redis outage 60 s: sent 120, 202 %d, delivered %d, lost %d, dead letters %d, all in "
                    + "Kafka %d ms after Redis came back%n", accepted.size(), accepted.size() - lost, lost,
                    service.counters().deadLetteredTotal(), catchUp);
            assertEquals(0, lost, "every 202 reached Kafka");
            assertEquals(0, service.counters().deadLetteredTotal(), "an outage is waited out, not dead-lettered");
        }
    }

    private static String push(long mid, String msg) {
        return "{\"operation\":1000,\"mids\":[" + mid + "],\"msg\":\"" + msg + "\"}";
    }

    private static String accepted(HttpResponse<String> reply) throws Exception {
        assertEquals(202, reply.statusCode(), reply.body());
        return JSON.readTree(reply.body()).path("data").path("requestId").asText();
    }
}
