package io.imlogic.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Route files reload while the service runs: a change takes effect, a broken file (bad YAML, unknown endpoint)
 * leaves the previous routes serving and shows in health and metrics, a fix takes effect again — and pushes
 * served by the other route files never fail meanwhile.
 */
class RouteReloadIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path routes;
    private static Path apiDoc;
    private static String original;
    private static RunningService service;
    private static volatile String lastSeen;
    private static int swapAnswers;

    @BeforeAll
    static void start() throws Exception {
        routes = Path.of("target", "it-routes", UUID.randomUUID().toString());
        Files.createDirectories(routes);
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        apiDoc = routes.resolve("api-doc.camel.yaml");
        original = Files.readString(apiDoc);
        service = new RunningService(Map.of("im.routes.dir", routes.toString(), "im.routes.reload", "true"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void editBreakAndFixARouteFileWhileServing() throws Exception {
        AtomicBoolean pushing = new AtomicBoolean(true);
        ExecutorService client = Executors.newSingleThreadExecutor();
        Future<int[]> pushes = client.submit(() -> {
            int sent = 0, accepted = 0;
            while (pushing.get()) {
                sent++;
                if (service.post("/im/push/mids", "application/json", "{\"mids\":[1],\"msg\":\"during reload\"}")
                        .statusCode() == 202) {
                    accepted++;
                }
            }
            return new int[] {sent, accepted};
        });
        try {
            awaitVersion("");

            write(withVersion("2"));
            awaitVersion("2");
            assertEquals("UP", reloadCheck());

            write(original.replace("- removeHeaders:", "- setBody: [ broken\n        - removeHeaders:"));
            awaitReloadCheck("DOWN");
            awaitVersion("2");
            assertTrue(metrics().contains("im_routes_reload_failing 1.0"));

            write(withVersion("3").replace("- removeHeaders:", "- to: \"nosuchcomponent:x\"\n        - removeHeaders:"));
            awaitReloadCheck("DOWN");
            // Camel removed the route before failing to build the new one: the guard puts the previous one back
            awaitVersion("2");

            write(withVersion("4"));
            awaitVersion("4");
            awaitReloadCheck("UP");
            assertTrue(metrics().contains("im_routes_reload_failing 0.0"));
        } finally {
            pushing.set(false);
            client.shutdown();
        }
        System.out.println("route reload: " + swapAnswers + " answers caught a route mid-swap");
        int[] counts = pushes.get();
        assertTrue(counts[0] > 0);
        assertEquals(counts[0], counts[1], "every push during the reloads was accepted");
    }

    /** The original route plus a last step that marks the response with a version header. */
    private static String withVersion(String version) {
        return original.stripTrailing() + "\n        - setHeader:\n            name: X-Route-Version\n"
                + "            constant: \"" + version + "\"\n";
    }

    /** As operators should (README): write aside, then move into place, so no reload sees a half-written file. */
    private static void write(String content) throws IOException {
        Path staged = Files.writeString(routes.resolveSibling(apiDoc.getFileName() + ".staged"), content);
        Files.move(staged, apiDoc, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The version the route serves now; null for the instant a reload swaps the route, when the path answers 503
     * (ours, with Retry-After, or Camel's for a consumer being stopped) or, rarely, Camel's empty 500 for a request
     * that reached the consumer as it stopped. Any other answer is a failure.
     */
    private static String version() {
        HttpResponse<String> response = service.get(service.uri("/api-doc"));
        lastSeen = response.statusCode() + " " + response.headers().map() + " " + response.body().substring(0,
                Math.min(100, response.body().length()));
        if (response.statusCode() == 503 || response.statusCode() == 500 && response.body().isEmpty()) {
            swapAnswers++;
            return null;
        }
        assertEquals(200, response.statusCode(), "the API description route must keep serving: " + response.body());
        return response.headers().firstValue("X-Route-Version").orElse("");
    }

    private static void awaitVersion(String expected) {
        RunningService.await(() -> expected.equals(version()), Duration.ofSeconds(30),
                () -> "route version " + expected + " never served, last: " + lastSeen);
    }

    private static void awaitReloadCheck(String status) {
        RunningService.await(() -> status.equals(reloadCheck()), Duration.ofSeconds(30),
                () -> "route-reload health never " + status);
    }

    /** The route-reload check's status; "UNKNOWN" while Camel's health endpoint itself fails mid-reload. */
    private static String reloadCheck() {
        try {
            HttpResponse<String> response = service.get(service.managementUri("/observe/health"));
            if (!response.body().startsWith("{")) {
                return "UNKNOWN";
            }
            JsonNode health = JSON.readTree(response.body());
            for (JsonNode check : health.path("checks")) {
                if ("route-reload".equals(check.path("name").asText())) {
                    return check.path("status").asText();
                }
            }
            return "MISSING";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String metrics() {
        return service.get(service.managementUri("/observe/metrics")).body();
    }
}
