package io.imlogic.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imlogic.api.RequestGate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 202 is a promise: with the Kafka broker really stopped for a minute in the middle of a burst, and with the service
 * stopped (as SIGTERM does) in the middle of another, every push that got 202 has its records in Kafka.
 */
class KafkaOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static long mid;

    @BeforeAll
    static void seed() {
        mid = Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L) + 1;
        try (Jedis redis = TestRedis.connect()) {
            TestRedis.seed(redis, TestRedis.connection(mid, "outage-" + mid, "comet-o"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @AfterAll
    static void brokerBack() {
        TestServers.kafka().start();
    }

    @Test
    void aMinuteLongBrokerOutageInTheMiddleOfABurstLosesNothingAndDeadLettersNothing() throws Exception {
        try (RunningService service = RunningService.withDefaults()) {
            List<String> accepted = new ArrayList<>();
            int sent = 0;
            long outageStart = 0;
            for (int i = 0; i < 300; i++) {
                if (i == 100) {
                    TestServers.kafka().stop();
                    outageStart = System.nanoTime();
                }
                sent++;
                accepted.add(requestId(service.post("/im/push/mids", "application/json",
                        "{\"mids\":[" + mid + "],\"msg\":\"outage " + i + "\"}")));
                if (i >= 100 && i < 299) {
                    // spread the rest of the burst over the outage
                    Thread.sleep(250);
                }
            }
            long remaining = 60_000 - Duration.ofNanos(System.nanoTime() - outageStart).toMillis();
            if (remaining > 0) {
                Thread.sleep(remaining); // the outage lasts 60 s whatever the speed of the loop above
            }
            TestServers.kafka().start();
            long back = System.nanoTime();

            // within 30 s of the broker's return, by the running node: no restart, no replay
            RunningService.await(() -> service.counters().delivered() >= service.counters().acceptedTotal(),
                    Duration.ofSeconds(30), () -> "delivered " + service.counters().delivered() + " of "
                            + service.counters().acceptedTotal() + " 30 s after the broker came back");
            long catchUp = Duration.ofNanos(System.nanoTime() - back).toMillis();
            assertEquals(0, service.counters().deadLetteredTotal(), "an outage is waited out, not dead-lettered");
            Map<String, Integer> recordsPerRequest = count(service.records());
            int lost = 0;
            int duplicated = 0;
            for (String requestId : accepted) {
                int records = recordsPerRequest.getOrDefault(requestId, 0);
                lost += records == 0 ? 1 : 0;
                duplicated += Math.max(0, records - 1);
            }
            System.out.printf("kafka outage 60 s: sent %d, 202 %d, delivered %d, lost %d, duplicates %d, dead letters"
                    + " 0, all in Kafka %d ms after the broker came back%n", sent, accepted.size(),
                    accepted.size() - lost, lost, duplicated, catchUp);
            assertEquals(300, accepted.size());
            assertEquals(0, lost, "every 202 reached Kafka");
        }
    }

    @Test
    void stoppingTheServiceInTheMiddleOfABurstLosesNothing() throws Exception {
        RunningService service = RunningService.withDefaults();
        List<String> accepted = new ArrayList<>();
        int refused = 0;
        Thread stopper = null;
        try {
            for (int i = 0; i < 400; i++) {
                if (i == 150) {
                    stopper = new Thread(service::close, "sigterm");
                    stopper.start();
                }
                HttpResponse<String> response;
                try {
                    response = service.post("/im/push/mids", "application/json",
                            "{\"mids\":[" + mid + "],\"msg\":\"stop " + i + "\"}");
                } catch (RuntimeException connectionRefused) {
                    refused++;
                    continue;
                }
                if (response.statusCode() == 202) {
                    accepted.add(requestId(response));
                } else {
                    assertEquals(503, response.statusCode(), "while stopping: " + response.body());
                    refused++;
                }
            }
        } finally {
            if (stopper != null) {
                stopper.join(60_000);
            }
        }
        Map<String, Integer> recordsPerRequest = count(TopicReader.readAll(TestServers.kafka().bootstrapServers(),
                service.topic()));
        long lost = accepted.stream().filter(id -> !recordsPerRequest.containsKey(id)).count();
        System.out.printf("stop during burst: sent 400, 202 %d, refused %d, lost %d%n", accepted.size(), refused, lost);
        assertTrue(accepted.size() >= 150 && refused > 0, "the stop happened mid-burst");
        assertEquals(0, lost, "every 202 reached Kafka before the service stopped");
    }

    @Test
    void aPushStillArrivingWhenTheStopBeginsIsAnsweredAndDeliveredWhileNewOnesAreTurnedAway() throws Exception {
        RunningService service = RunningService.withDefaults();
        RequestGate gate = service.service().context().getRegistry().findSingleByType(RequestGate.class);
        byte[] head = ("{\"mids\":[" + mid + "],").getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"msg\":\"half\"}".getBytes(StandardCharsets.UTF_8);
        SubmissionPublisher<ByteBuffer> body = new SubmissionPublisher<>();
        CompletableFuture<HttpResponse<String>> halfSent = TestHttp.http11(Duration.ofSeconds(5))
                .sendAsync(HttpRequest.newBuilder(service.uri("/im/push/mids"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.fromPublisher(body, head.length + tail.length)).build());
        // a SubmissionPublisher drops what it gets before the client subscribes
        RunningService.await(body::hasSubscribers, Duration.ofSeconds(10), () -> "the client took the body");
        body.submit(ByteBuffer.wrap(head));
        RunningService.await(() -> gate.inside() == 1, Duration.ofSeconds(10), () -> "the half-sent push reached"
                + " the server");

        Thread stopper = new Thread(service::close, "sigterm");
        stopper.start();
        try {
            RunningService.await(gate::isClosed, Duration.ofSeconds(10), () -> "the stop closed the door");
            HttpResponse<String> refused = service.post("/im/push/mids", "application/json",
                    "{\"mids\":[" + mid + "],\"msg\":\"too late\"}");
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals(-500, JSON.readTree(refused.body()).path("code").asInt(), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());
            assertTrue(stopper.isAlive(), "the stop waits for the push still arriving");
        } finally {
            body.submit(ByteBuffer.wrap(tail));
            body.close();
        }
        String requestId = requestId(halfSent.get(30, TimeUnit.SECONDS));
        stopper.join(60_000);
        assertTrue(count(TopicReader.readAll(TestServers.kafka().bootstrapServers(), service.topic()))
                .containsKey(requestId), "the push answered 202 during the stop reached Kafka");
    }

    private static String requestId(HttpResponse<String> response) throws Exception {
        assertEquals(202, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("data").path("requestId").asText();
    }

    private static Map<String, Integer> count(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            counts.merge(TopicReader.header(record, "im-request-id"), 1, Integer::sum);
        }
        return counts;
    }
}
