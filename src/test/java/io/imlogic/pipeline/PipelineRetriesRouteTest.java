package io.imlogic.pipeline;

import io.imlogic.it.RunningService;
import io.imlogic.it.TestRedis;
import io.imlogic.it.TestServers;
import io.imlogic.journal.AcceptJournal;
import io.imlogic.kafka.PushMessageFormat;
import io.imlogic.kafka.PushRecords;
import io.imlogic.ops.PipelinePool;
import io.imlogic.push.PushCounters;
import io.imlogic.push.PushRequest;
import io.imlogic.redis.ConnectionLookup;
import io.imlogic.redis.DeadLetters;
import io.imlogic.redis.RedisClientFactory;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.api.RedissonClient;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline's retry and dead-letter path at route level: the real {@code routes/push-pipeline.camel.yaml}
 * (routeConfiguration {@code pipeline-retries}: retryWhile {@code batchDelivery.worthRetrying}, capped exponential
 * backoff, handled by {@code batchDelivery.settle}) with the real beans on a real Redis, and only Kafka replaced:
 * AdviceWith swaps the {@code send-records-to-kafka} step for a mock endpoint that answers as camel-kafka does
 * with {@code recordMetadata=true} (each record's metadata on the record, a record's failure on its push's exchange,
 * any failure on the batch exchange). DeadLetterIT covers the same path end to end with a broker.
 */
class PipelineRetriesRouteTest extends CamelTestSupport {

    private static final String ROUTES = "file:routes/push-pipeline.camel.yaml";
    private static final long RETRY_DELAY_MS = 20;
    private static final long MAX_RETRY_DELAY_MS = 50;
    private static final int BATCH = 3;

    @TempDir
    Path journalDir;

    private RedissonClient redisson;
    private PushCounters counters;
    private PipelineBudget budget;
    private AcceptJournal journal;
    private DeadLetters deadLetters;
    private MockEndpoint kafka;
    private FakeBroker broker;
    private long base;

    @Override
    public void configureTest(TestExecutionConfiguration test) {
        super.configureTest(test);
        // the routes are advised before the context starts
        test.withUseAdviceWith(true);
    }

    @Override
    public void configureContext(CamelContextConfiguration camel) {
        super.configureContext(camel);
        Properties settings = new Properties();
        settings.put("im.kafka.topic", "route-test");
        // a batch completes by size only, so the three pushes of a test are one batch
        settings.put("im.pipeline.batch-max", Integer.toString(BATCH));
        settings.put("im.pipeline.batch-wait-ms", "600000");
        settings.put("im.pipeline.retry-delay-ms", Long.toString(RETRY_DELAY_MS));
        settings.put("im.pipeline.max-retry-delay-ms", Long.toString(MAX_RETRY_DELAY_MS));
        settings.put("im.pipeline.resend-check-ms", "1000");
        camel.withUseOverridePropertiesWithPropertiesComponent(settings);
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() throws Exception {
        return PluginHelper.getRoutesLoader(context)
                .findRoutesBuilders(PluginHelper.getResourceLoader(context).resolveResource(ROUTES))
                .toArray(RoutesBuilder[]::new);
    }

    @Override
    protected void doPostSetup() throws Exception {
        redisson = RedisClientFactory.create(TestServers.redis().url(), "", "", 4, 3_000);
        counters = new PushCounters();
        // nothing is resent by the timer route during a test: a push it hands out would be a second attempt
        budget = new PipelineBudget(100, 1 << 24, 600_000, 600_000);
        journal = new AcceptJournal(journalDir, "route-test", false, 1 << 20);
        deadLetters = new DeadLetters(redisson, counters);
        context.getRegistry().bind("pipelineBudget", budget);
        context.getRegistry().bind("pushBatching", new PushBatching(1 << 20));
        context.getRegistry().bind(PipelinePool.NAME, PipelinePool.create(context, PipelinePool.NAME, 2));
        context.getRegistry().bind("batchDelivery", new BatchDelivery(
                new ConnectionLookup(redisson, 100, 3_000, counters), new PushPlanner(counters, 1 << 20),
                new PushRecords(new PushMessageFormat(PushMessageFormat.Encoding.JSON)), journal, budget,
                deadLetters, counters, DeliveryTracing.OFF));

        AdviceWith.adviceWith(context, "deliver-pushes",
                route -> route.weaveById("send-records-to-kafka").replace().to("mock:kafka"));
        context.start();
        kafka = getMockEndpoint("mock:kafka");
        broker = new FakeBroker();
        kafka.whenAnyExchangeReceived(broker);
        kafka.setResultWaitTime(TimeUnit.SECONDS.toMillis(30));

        base = Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 1_000_000_000L) * 10 + 1;
        try (Jedis redis = TestRedis.connect()) {
            redis.del("im:dead-letters");
            List<TestRedis.Connection> connections = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                connections.add(TestRedis.connection(base + i, "route-test-" + (base + i), "comet-" + i));
            }
            TestRedis.seed(redis, connections);
        }
    }

    @Override
    protected void doPostTearDown() {
        journal.close();
        redisson.shutdown();
    }

    @Test
    void aTransientFailureIsRetriedWithCappedBackoffAndThenDeliveredOnce() throws Exception {
        int failures = 10;
        broker.answer((attempt, request) -> attempt <= failures ? new TimeoutException("no leader yet") : null);
        kafka.expectedMessageCount(failures + 1);

        List<PushRequest> pushes = accept(BATCH);
        kafka.assertIsSatisfied();
        awaitSettled();

        assertEquals(failures + 1, kafka.getReceivedCounter(), "no attempt after the delivery");
        for (int attempt = 1; attempt <= failures + 1; attempt++) {
            assertEquals(BATCH, broker.sentIn(attempt).size(), "every record is sent again until acked: " + attempt);
        }
        // exponential from the retry delay, doubling, capped at the maximum: 20, 40, 50, 50, ... ms
        List<Long> gaps = broker.gapsMillis();
        long expected = RETRY_DELAY_MS;
        for (int retry = 0; retry < gaps.size(); retry++) {
            assertTrue(gaps.get(retry) >= expected - 2, "retry " + (retry + 1) + " waited " + gaps.get(retry)
                    + " ms, less than " + expected + ": " + gaps);
            expected = Math.min(expected * 2, MAX_RETRY_DELAY_MS);
        }
        // uncapped, the last wait would be 20 ms * 2^9 = 10 s
        assertTrue(gaps.get(gaps.size() - 1) < 5_000, "the backoff is capped: " + gaps);
        assertAllDelivered(pushes);
        assertEquals(0, counters.deadLetteredTotal());
        assertEquals(0, deadLetters.size());
    }

    @Test
    void aRetrySendsOnlyTheRecordsNotYetAcked() throws Exception {
        List<String> flaky = new ArrayList<>();
        broker.answer((attempt, request) -> attempt == 1 && flaky.contains(request)
                ? new TimeoutException("request timed out") : null);
        kafka.expectedMessageCount(2);

        List<PushRequest> pushes = accept(BATCH, created -> flaky.add(created.get(1).requestId()));
        kafka.assertIsSatisfied();
        awaitSettled();

        assertEquals(2, kafka.getReceivedCounter());
        assertEquals(BATCH, broker.sentIn(1).size());
        assertEquals(flaky, broker.sentIn(2), "only the record that failed goes again");
        assertAllDelivered(pushes);
        assertEquals(0, counters.deadLetteredTotal());
    }

    @Test
    void aRecordTooLargeIsDeadLetteredOnceAndItsBatchNeighboursAreDeliveredOnce() throws Exception {
        List<String> tooLarge = new ArrayList<>();
        broker.answer((attempt, request) -> tooLarge.contains(request)
                ? new RecordTooLargeException("The message is 10088 bytes when serialized") : null);
        kafka.expectedMessageCount(1);

        List<PushRequest> pushes = accept(BATCH, created -> tooLarge.add(created.get(1).requestId()));
        kafka.assertIsSatisfied();
        awaitSettled();

        String dead = tooLarge.get(0);
        assertEquals(1, kafka.getReceivedCounter(), "a permanent failure is not retried");
        assertEquals(1, counters.deadLetteredTotal());
        List<Map<String, Object>> letters = deadLetters.list(10);
        assertEquals(1, letters.size(), letters.toString());
        assertEquals(dead, letters.get(0).get("requestId"));
        assertTrue(letters.get(0).get("error").toString().contains("RecordTooLargeException"), letters.toString());
        assertFalse(broker.acked().contains(dead), "never acked");
        assertFalse(journal.contains(dead), "settled: out of the journal");

        List<PushRequest> neighbours = pushes.stream().filter(push -> !push.requestId().equals(dead)).toList();
        assertAllDelivered(neighbours);
        // settled as a dead letter, it left the budget: the resend timer can never hand it out again
        assertEquals(0, budget.inFlight());
        assertTrue(budget.takeStranded().isEmpty());
    }

    // ------------------------------------------------------------------------------------------------------------

    private List<PushRequest> accept(int count) {
        return accept(count, created -> { });
    }

    /** Accepts pushes as the API route does (budget, journal) and hands them to the pipeline. */
    private List<PushRequest> accept(int count, Consumer<List<PushRequest>> beforeSending) {
        List<PushRequest> pushes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pushes.add(PushRequest.toMids(UUID.randomUUID().toString(), 1000, new long[] {base + i},
                    ("push " + i).getBytes(StandardCharsets.UTF_8)));
        }
        beforeSending.accept(pushes);
        for (PushRequest push : pushes) {
            budget.admit(push);
            journal.record(push);
            template.sendBody("direct:deliver-push", push);
        }
        return pushes;
    }

    /**
     * The error handler (or the last step) settled the whole batch: settle counts the batch first, then releases each
     * push from the budget once it is delivered or stored as a dead letter.
     */
    private void awaitSettled() {
        RunningService.await(() -> counters.batches() == 1 && budget.inFlight() == 0, Duration.ofSeconds(30),
                () -> "batch not settled: " + counters.batches() + " settled, " + budget.inFlight() + " in flight");
    }

    private void assertAllDelivered(List<PushRequest> pushes) {
        for (PushRequest push : pushes) {
            assertEquals(1, broker.ackCount(push.requestId()), "acked exactly once: " + push.requestId());
            assertFalse(journal.contains(push.requestId()), "delivered: out of the journal");
        }
        assertEquals(pushes.size(), counters.delivered());
        assertEquals(0, budget.inFlight(), "every push settled");
    }

    /**
     * Kafka as camel-kafka reports it with {@code recordMetadata=true}: every record of the batch body gets its
     * metadata (an offset when acked, none when not); a failed record's exception lands on the exchange of the push
     * it belongs to, and any failure also on the batch exchange. The answer per record comes from the test.
     */
    private static final class FakeBroker implements Processor {
        private final TopicPartition partition = new TopicPartition("route-test", 0);
        private final AtomicLong offsets = new AtomicLong();
        private final List<List<String>> attempts = new CopyOnWriteArrayList<>();
        private final List<Long> attemptNanos = new CopyOnWriteArrayList<>();
        private final Map<String, Integer> acks = new ConcurrentHashMap<>();
        private volatile BiFunction<Integer, String, Exception> answer = (attempt, request) -> null;

        /** {@code answer(attempt, requestId)}: the failure of that record in that attempt (1-based), or null. */
        void answer(BiFunction<Integer, String, Exception> answer) {
            this.answer = answer;
        }

        @Override
        public void process(Exchange batch) {
            attemptNanos.add(System.nanoTime());
            int attempt = attempts.size() + 1;
            List<String> sent = new ArrayList<>();
            Exception batchFailure = null;
            for (Object item : batch.getMessage().getBody(Iterable.class)) {
                Message record = (Message) item;
                String requestId = record.getHeader(PushRecords.REQUEST_ID, String.class);
                sent.add(requestId);
                Exception failure = answer.apply(attempt, requestId);
                if (failure == null) {
                    record.setHeader(KafkaConstants.KAFKA_RECORD_META,
                            List.of(new RecordMetadata(partition, offsets.getAndIncrement(), 0, 0L, -1, -1)));
                    acks.merge(requestId, 1, Integer::sum);
                } else {
                    record.setHeader(KafkaConstants.KAFKA_RECORD_META,
                            List.of(new RecordMetadata(partition, -1, -1, -1L, -1, -1)));
                    record.getExchange().setException(failure);
                    batchFailure = failure;
                }
            }
            attempts.add(sent);
            if (batchFailure != null) {
                batch.setException(batchFailure);
            }
        }

        List<String> sentIn(int attempt) {
            return attempts.get(attempt - 1);
        }

        List<Long> gapsMillis() {
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < attemptNanos.size(); i++) {
                gaps.add(TimeUnit.NANOSECONDS.toMillis(attemptNanos.get(i) - attemptNanos.get(i - 1)));
            }
            return gaps;
        }

        int ackCount(String requestId) {
            return acks.getOrDefault(requestId, 0);
        }

        Set<String> acked() {
            return acks.keySet();
        }
    }
}
