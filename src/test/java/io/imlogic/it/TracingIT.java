package io.imlogic.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IM_TRACING_ENABLED: the trace of a push from the request that carried a W3C traceparent, through the batch that
 * delivered it, to the traceparent header of its Kafka records; and nothing of it when tracing is off.
 */
class TracingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AttributeKey<String> CAMEL_URI = AttributeKey.stringKey("camel.uri");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("im.request_id");
    private static Jedis redis;
    private static long mid;

    @BeforeAll
    static void seed() throws Exception {
        redis = TestRedis.connect();
        mid = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) * 100_000L + 1;
        TestRedis.seed(redis, TestRedis.connection(mid, "ktrace", "comet-t"));
    }

    @AfterAll
    static void close() throws Exception {
        redis.close();
    }

    @Test
    void aPushTraceRunsFromTheRequestThroughItsBatchToItsKafkaRecords() throws Exception {
        int built = MemorySpanExporterProvider.CREATED.get();
        try (RunningService service = new RunningService(Map.of("im.tracing.enabled", "true",
                "otel.traces.exporter", "memory", "otel.bsp.schedule.delay", "20", "im.routes.reload", "false"))) {
            assertEquals(built + 1, MemorySpanExporterProvider.CREATED.get(), "one SDK, built by autoconfigure");
            InMemorySpanExporter spans = MemorySpanExporterProvider.latest();
            String traceId = hex(16);
            String callerSpanId = hex(8);
            String requestId = push(service, "00-" + traceId + "-" + callerSpanId + "-01");

            SpanData accept = await(spans, "the accept span, a child of the caller's",
                    span -> span.getTraceId().equals(traceId) && span.getParentSpanId().equals(callerSpanId));
            assertTrue(accept.getParentSpanContext().isRemote());
            assertTrue(accept.getAttributes().get(CAMEL_URI).contains("/im/push/mids"), accept.toString());

            List<ConsumerRecord<String, byte[]>> records = TopicReader.ofRequest(service.records(), requestId);
            assertEquals(1, records.size());
            assertEquals("00-" + traceId + "-" + accept.getSpanId() + "-01",
                    TopicReader.header(records.get(0), "traceparent"), "the record continues the accept span");

            SpanData delivery = await(spans, "the delivery span linked to the accept span",
                    span -> span.getName().equals("deliver push batch") && linkTo(span, accept).isPresent());
            assertFalse(delivery.getParentSpanContext().isValid(), "a batch of many pushes: a root, linked");
            assertNotEquals(traceId, delivery.getTraceId());
            assertEquals(requestId, linkTo(delivery, accept).get().getAttributes().get(REQUEST_ID));

            SpanData lookup = await(spans, "the Redis lookup under the delivery",
                    span -> span.getName().equals("redis lookup") && childOf(span, delivery));
            SpanData send = await(spans, "Camel's Kafka span under the delivery",
                    span -> childOf(span, delivery) && service.topic().equals(span.getAttributes().get(DESTINATION)));
            assertTrue(lookup.getEndEpochNanos() <= send.getStartEpochNanos(), "Redis, then Kafka");
            assertTrue(send.getEndEpochNanos() <= delivery.getEndEpochNanos(), "the delivery ends once settled");
        }
    }

    @Test
    void withTracingOffNothingIsBuiltAndRecordsCarryNoTraceContext() throws Exception {
        int built = MemorySpanExporterProvider.CREATED.get();
        try (RunningService service = new RunningService(Map.of("otel.traces.exporter", "memory",
                "im.routes.reload", "false"))) {
            String requestId = push(service, "00-" + hex(16) + "-" + hex(8) + "-01");

            List<ConsumerRecord<String, byte[]>> records = TopicReader.ofRequest(service.records(), requestId);
            assertEquals(1, records.size());
            assertNull(TopicReader.header(records.get(0), "traceparent"), "the caller's header is not forwarded");
            assertEquals(built, MemorySpanExporterProvider.CREATED.get(), "no SDK built");
            assertTrue(service.service().context().getRegistry().findByType(Tracer.class).isEmpty());
            assertNull(service.service().context().hasService(org.apache.camel.telemetry.Tracer.class), "no Camel tracer");
        }
    }

    /** A push to the seeded mid with this traceparent; returns its request id once it is delivered. */
    private static String push(RunningService service, String traceparent) throws Exception {
        HttpResponse<String> response = service.send(TestHttp.request(service.uri("/im/push/mids"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("traceparent", traceparent)
                .POST(HttpRequest.BodyPublishers.ofString("{\"mids\":[" + mid + "],\"msg\":\"traced\"}")).build());
        assertEquals(202, response.statusCode(), response.body());
        service.awaitDelivered(service.counters().acceptedTotal());
        return JSON.readTree(response.body()).path("data").path("requestId").asText();
    }

    private static SpanData await(InMemorySpanExporter spans, String what, Predicate<SpanData> wanted) {
        SpanData[] found = new SpanData[1];
        RunningService.await(() -> {
            found[0] = spans.getFinishedSpanItems().stream().filter(wanted).findFirst().orElse(null);
            return found[0] != null;
        }, Duration.ofSeconds(30), () -> what + " among " + spans.getFinishedSpanItems());
        return found[0];
    }

    private static Optional<LinkData> linkTo(SpanData span, SpanData target) {
        return span.getLinks().stream().filter(link -> link.getSpanContext().getTraceId().equals(target.getTraceId())
                && link.getSpanContext().getSpanId().equals(target.getSpanId())).findFirst();
    }

    private static boolean childOf(SpanData span, SpanData parent) {
        return span.getTraceId().equals(parent.getTraceId()) && span.getParentSpanId().equals(parent.getSpanId());
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zero, which W3C calls invalid
        return HexFormat.of().formatHex(random);
    }
}
