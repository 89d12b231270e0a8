package io.imlogic.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imlogic.dev.FreePorts;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged service as an operator runs it: {@code java -jar target/im-logic.jar} from an unrelated working
 * folder (failsafe runs after {@code package}), configured by environment variables, with its route files in a
 * folder of their own ({@code IM_ROUTES_DIR}) and JSON logs.
 */
class PackagedJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of("target", "im-logic.jar");

    private static Path routes;
    private static String topic;
    private static ServiceProcess service;

    @BeforeAll
    static void start() throws IOException {
        Path run = Path.of("target", "jar-it", UUID.randomUUID().toString()).toAbsolutePath();
        Path workingFolder = Files.createDirectories(run.resolve("somewhere-else"));
        routes = Files.createDirectories(run.resolve("routes"));
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        topic = "jar-it-" + UUID.randomUUID();
        TestServers.kafka().createTopic(topic, 2);
        service = ServiceProcess.startJar("packaged-jar", JAR, workingFolder, FreePorts.pick(),
                "jar-it-" + UUID.randomUUID(), topic, Map.of(
                        "IM_ROUTES_DIR", routes.toString(),
                        "IM_LOG_FORMAT", "json",
                        // the pipeline's DEBUG line carries the request id from the MDC
                        "IM_LOG_LEVEL", "DEBUG"))
                .waitUntilReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            assertEquals(ServiceProcess.SIGTERM_EXIT, service.sigterm(Duration.ofSeconds(60)), "graceful stop");
            service.close();
        }
    }

    @Test
    void theJarNamesItsMainClassAndItsRuntimeLibrariesOnly() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Manifest manifest = jar.getManifest();
            assertEquals("io.imlogic.ImLogic", manifest.getMainAttributes().getValue("Main-Class"));
            String[] classPath = manifest.getMainAttributes().getValue("Class-Path").split(" ");
            for (String entry : classPath) {
                assertTrue(entry.startsWith("lib/") && Files.isRegularFile(JAR.resolveSibling(entry)),
                        "manifest entry " + entry + " is in target/lib");
            }
        }
        List<String> lib;
        try (Stream<Path> files = Files.list(Path.of("target", "lib"))) {
            lib = files.map(file -> file.getFileName().toString()).toList();
        }
        assertTrue(lib.stream().anyMatch(name -> name.startsWith("camel-main-")), lib.toString());
        List<String> devOnly = lib.stream().filter(name -> name.startsWith("kafka_2.13") || name.startsWith("embedded-redis")
                || name.startsWith("junit") || name.startsWith("camel-test") || name.startsWith("kafka-server")).toList();
        assertEquals(List.of(), devOnly, "test and dev-launcher dependencies stay out of target/lib");
    }

    @Test
    void servesPushesWithTheConfigurationNextToTheJar() throws Exception {
        long mid = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) + 7_000_000_000L;
        try (Jedis redis = TestRedis.connect()) {
            TestRedis.seed(redis, TestRedis.connection(mid, "jar-key-" + mid, "comet-jar"));
        }
        HttpResponse<String> reply = service.post("/im/push/mids", "application/json",
                "{\"operation\":1000,\"mids\":[" + mid + "],\"msg\":\"from the jar\"}");
        assertEquals(202, reply.statusCode(), reply.body());
        String requestId = JSON.readTree(reply.body()).path("data").path("requestId").asText();
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        RunningService.await(() -> {
            records.clear();
            records.addAll(TopicReader.ofRequest(TopicReader.readAll(TestServers.kafka().bootstrapServers(), topic),
                    requestId));
            return !records.isEmpty();
        }, Duration.ofSeconds(60), () -> "no record of " + requestId + "; log:\n" + service.logTail(20));
        assertEquals("comet-jar", records.get(0).key());
    }

    @Test
    void reloadsRouteFilesFromItsRoutesFolder() throws Exception {
        Path apiDoc = routes.resolve("api-doc.camel.yaml");
        String changed = Files.readString(apiDoc).stripTrailing()
                + "\n        - setHeader:\n            name: X-Route-Version\n            constant: \"jar\"\n";
        Path staged = Files.writeString(routes.resolveSibling("api-doc.staged"), changed);
        Files.move(staged, apiDoc, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        RunningService.await(() -> {
            HttpResponse<String> doc = service.get(service.uri("/api-doc"));
            return doc.statusCode() == 200 && "jar".equals(doc.headers().firstValue("X-Route-Version").orElse(""));
        }, Duration.ofSeconds(30), () -> "the edited route never served; log:\n" + service.logTail(20));
    }

    @Test
    void logsOneJsonObjectPerLine() throws Exception {
        // a push to nobody: the pipeline logs it at DEBUG, with the request id in the MDC
        HttpResponse<String> reply = service.post("/im/push/mids", "application/json",
                "{\"operation\":1000,\"mids\":[" + (8_000_000_000L + System.nanoTime() % 1_000_000) + "],\"msg\":\"x\"}");
        assertEquals(202, reply.statusCode(), reply.body());
        String requestId = JSON.readTree(reply.body()).path("data").path("requestId").asText();
        RunningService.await(() -> service.log().contains("\"requestId\":\"" + requestId + "\""),
                Duration.ofSeconds(30), () -> "no log line with requestId " + requestId + ":\n" + service.logTail(20));

        boolean ready = false;
        for (String line : service.log().lines().filter(line -> !line.isBlank()).toList()) {
            JsonNode event = JSON.readTree(line); // throws on any line that is not one JSON object
            assertTrue(event.isObject(), line);
            for (String field : List.of("timestamp", "level", "logger", "thread", "message")) {
                assertTrue(event.hasNonNull(field), field + " missing in " + line);
            }
            ready |= event.path("message").asText().startsWith("im-logic ready: HTTP API on 127.0.0.1:" + service.port());
        }
        assertTrue(ready, "the start-up summary was logged as JSON");
    }
}
