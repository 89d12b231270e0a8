package io.imlogic.it;

import io.imlogic.ImLogic;
import io.imlogic.dev.FreePorts;
import io.imlogic.push.PushCounters;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * im-logic started in the test JVM on a free port, against the shared real Redis and Kafka, with its own topic.
 */
public final class RunningService implements AutoCloseable {

    /** Where in-process services keep their accept journals, one subfolder per node id. */
    public static final java.nio.file.Path JOURNAL_DIR = java.nio.file.Path.of("target", "it-journal");


    private final ImLogic service;
    private final int port;
    private final int managementPort;
    private final int grpcPort;
    private final String topic;
    private final TestHttp http = TestHttp.create(Duration.ofSeconds(5));

    public RunningService(Map<String, String> settings) throws Exception {
        port = FreePorts.pick();
        topic = "push-it-" + UUID.randomUUID();
        Map<String, String> overrides = new HashMap<>();
        // the machine's IM_* variables must not leak into tests
        overrides.put("camel.component.properties.environment-variable-mode", "0");
        overrides.put("im.http.port", Integer.toString(port));
        overrides.put("im.http.host", "127.0.0.1");
        managementPort = FreePorts.pick();
        overrides.put("im.management.port", Integer.toString(managementPort));
        overrides.put("im.management.host", "127.0.0.1");
        grpcPort = FreePorts.pick();
        overrides.put("im.grpc.port", Integer.toString(grpcPort));
        overrides.put("im.grpc.host", "127.0.0.1");
        overrides.put("im.redis.url", TestServers.redis().url());
        overrides.put("im.kafka.brokers", TestServers.kafka().bootstrapServers());
        overrides.put("im.kafka.topic", topic);
        overrides.put("im.kafka.linger-ms", "1");
        overrides.put("im.journal.dir", JOURNAL_DIR.toString());
        overrides.putAll(settings);
        TestServers.kafka().createTopic(topic, 4);
        service = new ImLogic(overrides);
        service.start();
    }

    public static RunningService withDefaults() throws Exception {
        return new RunningService(Map.of());
    }

    public ImLogic service() {
        return service;
    }

    public String topic() {
        return topic;
    }

    public int port() {
        return port;
    }

    /** Where goim.logic.Logic listens (127.0.0.1). */
    public int grpcPort() {
        return grpcPort;
    }

    public PushCounters counters() {
        return service.context().getRegistry().lookupByNameAndType("pushCounters", PushCounters.class);
    }

    public HttpResponse<String> post(String pathAndQuery, String contentType, String body) {
        return http.post(uri(pathAndQuery), contentType, body);
    }

    public HttpResponse<String> send(HttpRequest request) {
        return http.send(request);
    }

    /** The management server: /observe/health, /observe/metrics. */
    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    public HttpResponse<String> get(URI uri) {
        return http.get(uri);
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** Waits until the pipeline has delivered this many pushes in total (counted after the Kafka acks). */
    public void awaitDelivered(long total) {
        await(() -> counters().delivered() >= total, Duration.ofSeconds(60),
                () -> "delivered " + counters().delivered() + " of " + total);
    }

    /** Every record of the service's topic, read up to the end offsets. */
    public List<ConsumerRecord<String, byte[]>> records() {
        return TopicReader.readAll(TestServers.kafka().bootstrapServers(), topic);
    }

    public static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    @Override
    public void close() {
        service.close();
    }
}
