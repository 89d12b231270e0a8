package io.imlogic.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imlogic.dev.FreePorts;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Overload with the largest pushes while Redis is paused, on a real process with a 512 MiB heap: the node answers
 * 202 or 503 and nothing else, never runs out of memory, and once Redis is back delivers every 202 and keeps
 * serving.
 */
class OverloadIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 8;
    private static final int MAX_REQUESTS = 600;
    private static final int ENOUGH_REFUSALS = 60;
    private static final Duration PAUSE = Duration.ofSeconds(45);

    @Test
    void theLargestPushesAgainstAPausedRedisGet202Or503AndEveryAcceptedOneIsDelivered() throws Exception {
        String nodeId = "overload-" + UUID.randomUUID().toString().substring(0, 8);
        String topic = "push-overload-" + UUID.randomUUID();
        TestServers.kafka().createTopic(topic, 4);
        int management = FreePorts.pick();
        long base = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000L) * 100_000 + 1;
        try (Jedis redis = TestRedis.connect();
             ServiceProcess service = ServiceProcess.start("overload", FreePorts.pick(), nodeId, topic,
                     Map.of("IM_MANAGEMENT_PORT", Integer.toString(management)))
                     .waitUntilReady(Duration.ofSeconds(60))) {
            // the first mid of each push is connected: each delivered push leaves one record
            TestRedis.seed(redis, connections(base));
            String msg = "x".repeat(262_144); // IM_MAX_MSG_BYTES, the largest message allowed
            // a pause ends on its own: a paused client cannot send CLIENT UNPAUSE
            redis.clientPause(PAUSE.toMillis(), ClientPauseMode.ALL);
            long pauseEnds = System.nanoTime() + PAUSE.toNanos();
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger sent = new AtomicInteger();
            List<String> other = new ArrayList<>();
            AtomicLong peakHeap = new AtomicLong();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    done.add(clients.submit(() -> {
                        int n;
                        while ((n = sent.getAndIncrement()) < MAX_REQUESTS && refused.get() < ENOUGH_REFUSALS) {
                            HttpResponse<String> reply = service.post("/im/push/mids", "application/json",
                                    largestPush(base + n * 10_000L, msg));
                            if (reply.statusCode() == 202) {
                                accepted.add(JSON.readTree(reply.body()).path("data").path("requestId").asText());
                            } else if (reply.statusCode() == 503) {
                                refused.incrementAndGet();
                            } else {
                                synchronized (other) {
                                    other.add(reply.statusCode() + " " + reply.body());
                                }
                            }
                            if (n % 20 == 0) {
                                peakHeap.accumulateAndGet(heapUsed(management), Math::max);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get(); // a timeout or connection failure of any request fails the test here
                }
                // nothing is delivered while Redis is paused: every 202, and only the 202s, are in the journal
                assertEquals(accepted.size(), journaledPushes(nodeId), "the journal holds the 202s and no 503");
                assertTrue(System.nanoTime() < pauseEnds, "the overload happened while Redis was paused");
            } finally {
                clients.shutdownNow();
            }
            assertEquals(List.of(), other, "only 202 and 503");
            assertTrue(refused.get() >= ENOUGH_REFUSALS, "the budget was reached: " + refused + " x 503");
            assertTrue(service.isAlive(), "the node is alive");

            awaitRecords(topic, accepted);
            assertEquals(202, service.post("/im/push/mids", "application/json",
                    largestPush(base, "still serving")).statusCode(), "the node keeps serving");
            String log = service.log();
            assertFalse(log.contains("OutOfMemoryError"), "no OutOfMemoryError:\n" + service.logTail(40));
            System.out.printf("OverloadIT: -Xmx512m, Redis paused, largest pushes (10,000 mids, 256 KiB): sent %d, "
                    + "202 %d, 503 %d, other 0, delivered %d, lost 0, dead letters 0, heap peak %d MiB%n",
                    accepted.size() + refused.get(), accepted.size(), refused.get(), accepted.size(),
                    peakHeap.get() >> 20);
            assertTrue(peakHeap.get() > 0 && peakHeap.get() < 512L << 20, "heap peak " + peakHeap.get());
        }
    }

    private static List<TestRedis.Connection> connections(long base) {
        List<TestRedis.Connection> commands = new ArrayList<>();
        for (int n = 0; n <= MAX_REQUESTS; n++) {
            long mid = base + n * 10_000L;
            commands.add(TestRedis.connection(mid, "overload-" + mid, "comet-" + (n % 8)));
        }
        return commands;
    }

    private static String largestPush(long firstMid, String msg) {
        StringBuilder body = new StringBuilder(400_000).append("{\"operation\":1000,\"mids\":[");
        for (int i = 0; i < 10_000; i++) {
            body.append(i == 0 ? "" : ",").append(firstMid + i);
        }
        return body.append("],\"msg\":\"").append(msg).append("\"}").toString();
    }

    private static final TestHttp HTTP = TestHttp.create(Duration.ofSeconds(5));
    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)");

    /** Heap in use, from the node's own Prometheus endpoint. */
    private static long heapUsed(int managementPort) {
        try {
            String text = HTTP.send(TestHttp.request(URI.create("http://127.0.0.1:" + managementPort
                    + "/observe/metrics")).timeout(Duration.ofSeconds(10)).build()).body();
            Matcher matcher = HEAP.matcher(text);
            long used = 0;
            while (matcher.find()) {
                used += (long) Double.parseDouble(matcher.group(1));
            }
            return used;
        } catch (Exception e) {
            throw new AssertionError("metrics unreadable", e);
        }
    }

    private static long journaledPushes(String nodeId) throws Exception {
        long accepts = 0;
        try (var files = Files.list(ServiceProcess.JOURNAL_DIR.resolve(nodeId))) {
            for (var file : files.toList()) {
                try (var lines = Files.lines(file)) {
                    accepts += lines.filter(line -> line.startsWith("A ")).count();
                }
            }
        }
        return accepts;
    }

    private static void awaitRecords(String topic, Set<String> ids) {
        RunningService.await(() -> {
            Set<String> seen = new java.util.HashSet<>();
            for (var record : TopicReader.readAll(TestServers.kafka().bootstrapServers(), topic)) {
                seen.add(TopicReader.header(record, "im-request-id"));
            }
            return seen.containsAll(ids);
        }, Duration.ofSeconds(120), () -> "not every 202 reached Kafka");
    }
}
