package io.imlogic.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.imlogic.it.TopicReader.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batching changes how many pushes share a Redis round trip and a Kafka send, never what a push's records are: the
 * same pushes sent one per batch and many per batch give the same records (keys, values, headers), push by push.
 */
class BatchingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PUSHES = 60;

    @Test
    void pushesBatchedTogetherGetExactlyTheRecordsTheyGetOneAtATime() throws Exception {
        String prefix = "bt" + UUID.randomUUID().toString().substring(0, 8) + "-";
        long base = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000L) * 1000 + 1;
        try (Jedis redis = TestRedis.connect()) {
            List<TestRedis.Connection> commands = new ArrayList<>();
            for (int mid = 0; mid < 20; mid++) {
                // mids on one or two comets, mids sharing comets; every fifth mid has no connection
                if (mid % 5 != 4) {
                    commands.add(TestRedis.connection(base + mid, prefix + "a" + mid, "comet-" + (mid % 3)));
                }
                if (mid % 2 == 0) {
                    commands.add(TestRedis.connection(base + mid, prefix + "b" + mid, "comet-" + (mid % 4)));
                }
            }
            TestRedis.seed(redis, commands);
        }
        List<String[]> pushes = pushes(prefix, base);

        Map<String, List<String>> alone;
        try (RunningService oneByOne = new RunningService(Map.of("im.pipeline.batch-max", "1"))) {
            alone = recordsByPush(oneByOne, pushes, false);
            assertEquals(PUSHES, oneByOne.counters().batches(), "one batch per push");
        }
        Map<String, List<String>> together;
        try (RunningService batched = new RunningService(Map.of("im.pipeline.batch-max", "64",
                "im.pipeline.batch-wait-ms", "200"))) {
            together = recordsByPush(batched, pushes, true);
            assertTrue(batched.counters().batches() <= PUSHES / 4,
                    "the pushes were batched: " + batched.counters().batches() + " batches for " + PUSHES);
        }
        assertEquals(alone, together);
        assertTrue(alone.values().stream().mapToInt(List::size).sum() > PUSHES, "the pushes made records");
    }

    /** Mids (overlapping between pushes), keys, a room and a broadcast, each push with its own message. */
    private static List<String[]> pushes(String prefix, long base) {
        List<String[]> pushes = new ArrayList<>();
        for (int i = 0; i < PUSHES; i++) {
            String msg = "batching " + i;
            switch (i % 4) {
                case 0, 1 -> pushes.add(new String[] {"/im/push/mids", "{\"operation\":1000,\"mids\":[" + (base + i % 20)
                        + "," + (base + (i * 7) % 20) + "," + (base + 999) + "],\"msg\":\"" + msg + "\"}"});
                case 2 -> pushes.add(new String[] {"/im/push/keys", "{\"operation\":1001,\"keys\":[\"" + prefix + "a"
                        + (i % 20) + "\",\"" + prefix + "b" + (i % 20) + "\",\"" + prefix + "gone\"],\"msg\":\""
                        + msg + "\"}"});
                default -> pushes.add(i % 8 == 3
                        ? new String[] {"/im/push/room", "{\"operation\":5,\"type\":\"live\",\"room\":\"" + i
                                + "\",\"msg\":\"" + msg + "\"}"}
                        : new String[] {"/im/push/all", "{\"operation\":6,\"speed\":2,\"msg\":\"" + msg + "\"}"});
            }
        }
        return pushes;
    }

    /** Sends the pushes (all at once when {@code concurrently}) and returns each push's records, by its message. */
    private static Map<String, List<String>> recordsByPush(RunningService service, List<String[]> pushes,
                                                           boolean concurrently) throws Exception {
        Map<String, String> messageOfRequest = new HashMap<>();
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(16);
        for (String[] push : pushes) {
            CompletableFuture<HttpResponse<String>> reply = CompletableFuture.supplyAsync(
                    () -> service.post(push[0], "application/json", push[1]), clients);
            if (!concurrently) {
                reply.join();
            }
            replies.add(reply);
        }
        for (int i = 0; i < pushes.size(); i++) {
            HttpResponse<String> reply = replies.get(i).get(30, TimeUnit.SECONDS);
            assertEquals(202, reply.statusCode(), reply.body());
            messageOfRequest.put(JSON.readTree(reply.body()).path("data").path("requestId").asText(),
                    JSON.readTree(pushes.get(i)[1]).path("msg").asText());
        }
        clients.shutdown();
        service.awaitDelivered(pushes.size());
        Map<String, List<String>> records = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : service.records()) {
            String message = messageOfRequest.get(header(record, "im-request-id"));
            TreeSet<String> headers = new TreeSet<>();
            for (Header h : record.headers()) {
                if (!h.key().equals("im-request-id") && !h.key().equals("im-accepted-at")) {
                    headers.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
                }
            }
            records.computeIfAbsent(message, m -> new ArrayList<>()).add(record.key() + " | "
                    + new String(record.value(), StandardCharsets.UTF_8) + " | " + headers);
        }
        records.values().forEach(list -> list.sort(String::compareTo));
        return records;
    }
}
