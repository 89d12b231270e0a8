package io.imlogic.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.imlogic.dev.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Registration with goim's discovery (bilibili discovery), which cannot run here: a small HTTP server in the test
 * stands in for it, records every call, and answers as discovery's documented API does ({@code {"code":0}}, or
 * -404 for an instance it does not know). The first configured discovery node is down, so every call also shows
 * the fail-over to the next.
 */
class DiscoveryRegistrationIT {

    /** One recorded call: its path and its form fields (repeated fields keep every value). */
    record Call(String path, Map<String, List<String>> form) {
        String field(String name) {
            List<String> values = form.getOrDefault(name, List.of());
            return values.size() == 1 ? values.get(0) : String.valueOf(values);
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    /** The code the next renewals answer. */
    private final AtomicInteger renewCode = new AtomicInteger(0);
    private HttpServer discovery;

    @BeforeEach
    void startDiscovery() throws IOException {
        discovery = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        discovery.createContext("/discovery/", this::answer);
        discovery.start();
    }

    @AfterEach
    void stopDiscovery() {
        discovery.stop(0);
    }

    @Test
    void registersRenewsRegistersAgainWhenForgottenAndCancelsOnShutdown() {
        int deadPort = FreePorts.pick();
        RunningService service = new RunningServiceStarter().start(Map.of(
                "im.discovery.nodes", "127.0.0.1:" + deadPort + ", 127.0.0.1:" + discovery.getAddress().getPort(),
                "im.discovery.renew-interval", "1s",
                "im.discovery.hostname", "logic-test-1",
                "im.discovery.address", "10.9.8.7",
                "im.discovery.zone", "sh002"));
        try {
            Call register = awaitCall("/discovery/register", 1);
            assertEquals("sh002", register.field("zone"));
            assertEquals("dev", register.field("env"));
            assertEquals("goim.logic", register.field("appid"));
            assertEquals("logic-test-1", register.field("hostname"));
            assertEquals("grpc://10.9.8.7:" + service.grpcPort(), register.field("addrs"));
            assertEquals("1", register.field("status"));
            assertEquals("{\"weight\":\"10\"}", register.field("metadata"));

            Call renew = awaitCall("/discovery/renew", 1);
            assertEquals(Map.of("zone", List.of("sh002"), "env", List.of("dev"), "appid", List.of("goim.logic"),
                    "hostname", List.of("logic-test-1")), renew.form());

            // discovery lost the instance (its restart, or renewals missed for 90 s): -404, and we register again
            renewCode.set(-404);
            awaitCall("/discovery/register", 2);
            renewCode.set(0);
            int renewals = count("/discovery/renew");
            awaitCall("/discovery/renew", renewals + 1);
        } finally {
            service.close();
        }
        Call cancel = awaitCall("/discovery/cancel", 1);
        assertEquals("logic-test-1", cancel.field("hostname"));
        assertEquals("goim.logic", cancel.field("appid"));
        assertEquals(1, count("/discovery/cancel"));
        List<String> paths = new ArrayList<>();
        calls.forEach(call -> paths.add(call.path()));
        assertEquals("/discovery/cancel", paths.get(paths.size() - 1), "nothing after the cancel: " + paths);
    }

    @Test
    void withoutDiscoveryNodesNothingIsCalled() {
        RunningService service = new RunningServiceStarter().start(Map.of("im.discovery.renew-interval", "1s"));
        try {
            RunningService.await(() -> service.get(service.managementUri("/observe/health/ready")).statusCode() == 200,
                    Duration.ofSeconds(30), () -> "service never ready");
        } finally {
            service.close();
        }
        assertEquals(List.of(), calls);
    }

    // ================================================================ the stand-in

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, List<String>> form = new LinkedHashMap<>();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        for (String pair : body.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                form.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        k -> new ArrayList<>()).add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        boolean formEncoded = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))
                .startsWith("application/x-www-form-urlencoded");
        int code;
        if (!"POST".equals(exchange.getRequestMethod()) || !formEncoded) {
            code = -400;
        } else {
            calls.add(new Call(path, form));
            code = path.endsWith("/renew") ? renewCode.get() : 0;
        }
        byte[] reply = ("{\"code\":" + code + ",\"message\":\"\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, reply.length);
        exchange.getResponseBody().write(reply);
        exchange.close();
    }

    private Call awaitCall(String path, int nth) {
        RunningService.await(() -> count(path) >= nth, Duration.ofSeconds(20),
                () -> "no call " + nth + " to " + path + " among " + calls);
        return calls.stream().filter(call -> call.path().equals(path)).skip(nth - 1).findFirst().orElseThrow();
    }

    private int count(String path) {
        return (int) calls.stream().filter(call -> call.path().equals(path)).count();
    }

    /** RunningService's constructor declares Exception; these tests want it unchecked. */
    private static final class RunningServiceStarter {
        RunningService start(Map<String, String> settings) {
            try {
                return new RunningService(settings);
            } catch (Exception e) {
                throw new AssertionError("service did not start", e);
            }
        }
    }
}
