package io.imlogic.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imlogic.dev.FreePorts;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.imlogic.it.TopicReader.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash safety: a push that got 202 is delivered even when the service is SIGKILLed before its records reached
 * Kafka, by the accept journal (a local append-only file) and its recovery at the next start. The service runs as a
 * real separate process, killed for real.
 */
class CrashSafetyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PUSHES = 50;

    @Test
    void pushesAcceptedBeforeASigkillAreDeliveredAfterTheRestart() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "crash-it-" + run;
        String nodeId = "crash-it-node-" + run;
        Path journalKey = ServiceProcess.JOURNAL_DIR.resolve(nodeId);
        TestServers.kafka().createTopic(topic, 4);
        long base = uniqueBase();
        int port = FreePorts.pick();

        try (Jedis redis = TestRedis.connect()) {
            List<TestRedis.Connection> seed = new ArrayList<>();
            for (int i = 0; i <= PUSHES; i++) {
                seed.add(TestRedis.connection(base + i, "crash-" + run + "-" + i, "comet-" + (i % 3)));
            }
            TestRedis.seed(redis, seed);

            ServiceProcess first = null;
            ServiceProcess second = null;
            boolean kafkaStopped = false;
            try {
                long t0 = System.nanoTime();
                first = ServiceProcess.start("crash-first", port, nodeId, topic, Map.of())
                        .waitUntilReady(Duration.ofSeconds(90));
                long firstReadyMs = millisSince(t0);

                // with Kafka up a push is delivered and leaves the journal
                String warmUp = accepted(first.post("/im/push/mids", "application/json", push(base)));
                awaitRecords(topic, Set.of(warmUp), Duration.ofSeconds(30));
                RunningService.await(() -> openEntries(journalKey) == 0, Duration.ofSeconds(10),
                        () -> "journal still holds " + openEntries(journalKey) + " after delivery");

                TestServers.kafka().stop();
                kafkaStopped = true;

                long sendStart = System.nanoTime();
                Set<String> ids = new LinkedHashSet<>();
                int accepted = 0;
                for (int i = 1; i <= PUSHES; i++) {
                    HttpResponse<String> reply = first.post("/im/push/mids", "application/json", push(base + i));
                    if (reply.statusCode() == 202) {
                        accepted++;
                    }
                    ids.add(accepted(reply));
                }
                long sendMs = millisSince(sendStart);
                assertEquals(PUSHES, accepted, "every push got 202 although Kafka is down");
                assertEquals(PUSHES, ids.size(), "distinct request ids");
                assertEquals(PUSHES, openEntries(journalKey), "every accepted push is in the journal");

                long pid = first.pid();
                int exit = first.sigkill();
                assertEquals(ServiceProcess.SIGKILL_EXIT, exit, "killed by SIGKILL (128 + 9)");
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process gone");
                assertEquals(PUSHES, openEntries(journalKey), "the journal survived the kill");

                long kafkaStart = System.nanoTime();
                TestServers.kafka().start();
                kafkaStopped = false;
                long kafkaRestartMs = millisSince(kafkaStart);
                assertEquals(0, recordsOf(topic, ids).size(), "nothing reached Kafka before the kill");

                long restart = System.nanoTime();
                second = ServiceProcess.start("crash-second", port, nodeId, topic, Map.of())
                        .waitUntilReady(Duration.ofSeconds(90));
                long secondReadyMs = millisSince(restart);
                Map<String, Integer> perRequest = awaitRecords(topic, ids, Duration.ofSeconds(120));
                long deliveredMs = millisSince(restart);
                RunningService.await(() -> openEntries(journalKey) == 0, Duration.ofSeconds(30),
                        () -> "journal still holds " + openEntries(journalKey) + " after recovery");

                int delivered = (int) ids.stream().filter(perRequest::containsKey).count();
                int records = perRequest.values().stream().mapToInt(Integer::intValue).sum();
                int duplicates = records - delivered; // one connection per mid: one record per push
                System.out.printf("CrashSafetyIT: %d sent, %d x 202, %d delivered after SIGKILL + restart, %d lost, "
                                + "%d duplicate records; first start %d ms, %d pushes accepted in %d ms, Kafka restart "
                                + "%d ms, second start %d ms, all delivered %d ms after the restart began%n",
                        PUSHES, accepted, delivered, PUSHES - delivered, duplicates, firstReadyMs, PUSHES, sendMs,
                        kafkaRestartMs, secondReadyMs, deliveredMs);
                assertEquals(PUSHES, delivered, "no accepted push lost");
                String log = second.log();
                // relative journal folders are resolved (against the folder holding config/), so the log names it whole
                assertTrue(log.contains("accept journal " + journalKey.toAbsolutePath() + ": " + PUSHES
                        + " push(es) accepted by an earlier run and not delivered, sending them again"),
                        "recovery logged its count:\n" + second.logTail(40));

                int stopped = second.sigterm(Duration.ofSeconds(60));
                assertEquals(ServiceProcess.SIGTERM_EXIT, stopped, "SIGTERM exit code");
            } finally {
                if (first != null) {
                    first.close();
                }
                if (second != null) {
                    second.close();
                }
                if (kafkaStopped) {
                    TestServers.kafka().start(); // other test classes share the broker
                }
            }
        }
    }

    /**
     * The at-least-once edge: killed in the middle of a burst with Kafka up, some pushes have their records acked
     * but not yet their journal entry removed. Every 202 must be delivered; those are sent again (duplicates,
     * reported, not failed on).
     */
    @Test
    void aSigkillDuringABurstLosesNoAcceptedPush() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "crash-burst-" + run;
        String nodeId = "crash-burst-node-" + run;
        Path journalKey = ServiceProcess.JOURNAL_DIR.resolve(nodeId);
        TestServers.kafka().createTopic(topic, 4);
        long base = uniqueBase();
        int mids = 50;
        int port = FreePorts.pick();
        try (Jedis redis = TestRedis.connect()) {
            List<TestRedis.Connection> seed = new ArrayList<>();
            for (int i = 0; i < mids; i++) {
                seed.add(TestRedis.connection(base + i, "burst-" + run + "-" + i, "comet-" + (i % 3)));
            }
            TestRedis.seed(redis, seed);
            ServiceProcess first = null;
            ServiceProcess second = null;
            try {
                first = ServiceProcess.start("burst-first", port, nodeId, topic, Map.of())
                        .waitUntilReady(Duration.ofSeconds(90));
                ServiceProcess target = first;
                Set<String> ids = ConcurrentHashMap.newKeySet();
                AtomicInteger sent = new AtomicInteger();
                AtomicInteger failed = new AtomicInteger();
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> senders = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    Thread sender = new Thread(() -> {
                        while (!stop.get()) {
                            int n = sent.incrementAndGet();
                            try {
                                HttpResponse<String> reply = target.post("/im/push/mids", "application/json",
                                        push(base + n % mids));
                                if (reply.statusCode() == 202) {
                                    ids.add(JSON.readTree(reply.body()).path("data").path("requestId").asText());
                                } else {
                                    failed.incrementAndGet();
                                }
                            } catch (Exception killed) {
                                failed.incrementAndGet(); // no answer: nothing was promised
                            }
                        }
                    });
                    sender.start();
                    senders.add(sender);
                }
                RunningService.await(() -> ids.size() >= 1500, Duration.ofSeconds(60),
                        () -> ids.size() + " accepted so far");
                int exit = first.sigkill();
                stop.set(true);
                for (Thread sender : senders) {
                    sender.join(30_000);
                }
                assertEquals(ServiceProcess.SIGKILL_EXIT, exit, "killed by SIGKILL (128 + 9)");
                long leftInJournal = openEntries(journalKey);
                int deliveredBeforeKill = (int) recordsOf(topic, ids).stream()
                        .map(r -> header(r, "im-request-id")).distinct().count();

                long restart = System.nanoTime();
                second = ServiceProcess.start("burst-second", port, nodeId, topic, Map.of())
                        .waitUntilReady(Duration.ofSeconds(90));
                Map<String, Integer> perRequest = awaitRecords(topic, ids, Duration.ofSeconds(120));
                long deliveredMs = millisSince(restart);
                RunningService.await(() -> openEntries(journalKey) == 0, Duration.ofSeconds(30),
                        () -> "journal still holds " + openEntries(journalKey) + " after recovery");
                int delivered = (int) ids.stream().filter(perRequest::containsKey).count();
                int records = perRequest.values().stream().mapToInt(Integer::intValue).sum();
                System.out.printf("CrashSafetyIT burst: %d requests sent, %d x 202, %d without a 202 (in flight at "
                                + "the kill), %d already in Kafka and %d left in the journal by the kill; after restart %d "
                                + "delivered, %d lost, %d duplicate records, all in %d ms%n",
                        sent.get(), ids.size(), failed.get(), deliveredBeforeKill, leftInJournal, delivered,
                        ids.size() - delivered, records - delivered, deliveredMs);
                assertEquals(ids.size(), delivered, "no accepted push lost");
            } finally {
                if (first != null) {
                    first.close();
                }
                if (second != null) {
                    second.close();
                }
            }
        }
    }

    /** A push the pipeline's budget cannot take is refused with 503 and never journaled, never promised. */
    @Test
    void pushesRefusedByAFullQueueLeaveNoJournalEntry() throws Exception {
        String nodeId = "queue-full-" + UUID.randomUUID().toString().substring(0, 8);
        Path journalKey = RunningService.JOURNAL_DIR.resolve(nodeId);
        Map<String, String> small = Map.of("im.node-id", nodeId, "im.pipeline.threads", "1",
                "im.pipeline.max-pushes", "3", "im.kafka.max-block-ms", "2000");
        try (RunningService service = new RunningService(small);
             Jedis redis = TestRedis.connect()) {
            TestServers.kafka().stop();
            Set<String> acceptedIds = new LinkedHashSet<>();
            int refused = 0;
            try {
                for (int i = 0; i < 10; i++) {
                    HttpResponse<String> reply = service.post("/im/push/all", "application/json",
                            "{\"operation\":7,\"msg\":\"m" + i + "\"}");
                    if (reply.statusCode() == 202) {
                        acceptedIds.add(JSON.readTree(reply.body()).path("data").path("requestId").asText());
                    } else {
                        assertEquals(503, reply.statusCode(), reply.body());
                        refused++;
                    }
                }
                assertTrue(refused > 0, "the budget of 3 pushes in flight was spent");
                int expected = acceptedIds.size();
                RunningService.await(() -> openEntries(journalKey) == expected, Duration.ofSeconds(10),
                        () -> "journal holds " + openEntries(journalKey) + ", expected the " + expected + " 202s");
            } finally {
                TestServers.kafka().start();
            }
            awaitRecords(service.topic(), acceptedIds, Duration.ofSeconds(120));
            RunningService.await(() -> openEntries(journalKey) == 0, Duration.ofSeconds(30),
                    () -> "journal holds " + openEntries(journalKey) + " after delivery");
            System.out.printf("CrashSafetyIT: queue full: %d x 202 (journaled, delivered), %d x 503 (not journaled)%n",
                    acceptedIds.size(), refused);
        }
    }

    private static String push(long mid) {
        return "{\"operation\":1000,\"mids\":[" + mid + "],\"msg\":\"crash-safety " + mid + "\"}";
    }

    private static String accepted(HttpResponse<String> reply) throws Exception {
        assertEquals(202, reply.statusCode(), reply.body());
        return JSON.readTree(reply.body()).path("data").path("requestId").asText();
    }

    /** Polls the topic until every id has a record; returns the record count per id (duplicates show as > 1). */
    private static Map<String, Integer> awaitRecords(String topic, Set<String> ids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, Integer> perRequest = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : recordsOf(topic, ids)) {
                perRequest.merge(header(record, "im-request-id"), 1, Integer::sum);
            }
            if (perRequest.keySet().containsAll(ids)) {
                return perRequest;
            }
            if (System.nanoTime() > deadline) {
                Set<String> missing = new LinkedHashSet<>(ids);
                missing.removeAll(perRequest.keySet());
                throw new AssertionError(missing.size() + " of " + ids.size() + " accepted pushes have no record "
                        + "after " + timeout + ": " + missing);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    private static List<ConsumerRecord<String, byte[]>> recordsOf(String topic, Set<String> ids) {
        return TopicReader.readAll(TestServers.kafka().bootstrapServers(), topic).stream()
                .filter(r -> ids.contains(header(r, "im-request-id"))).toList();
    }

    /** Pushes accepted and not marked done in a node's journal files, read the way the service reads them. */
    private static long openEntries(Path folder) {
        java.util.Set<String> open = new java.util.HashSet<>();
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                List<String> lines;
                try {
                    lines = Files.readAllLines(file);
                } catch (java.nio.file.NoSuchFileException deleted) {
                    continue; // a segment whose pushes are all done, deleted while listed
                }
                for (String line : lines) {
                    if (line.startsWith("A ")) {
                        open.add(JSON.readTree(line.substring(2)).path("requestId").asText());
                    } else if (line.startsWith("D ")) {
                        open.remove(line.substring(2).trim());
                    }
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return open.size();
    }

    private static long uniqueBase() {
        return Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) * 100_000L + 1;
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }
}
