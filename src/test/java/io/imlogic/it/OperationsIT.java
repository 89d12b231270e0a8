package io.imlogic.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JMX route monitoring, Prometheus metrics and readiness against really stopped and restarted Redis and Kafka. */
class OperationsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningService service;

    @BeforeAll
    static void start() throws Exception {
        service = new RunningService(Map.of("im.routes.reload", "false"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void pushRoutesAreMonitoredInJmx() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName accept = new ObjectName("org.apache.camel:context=im-logic,type=routes,name=\"accept-push-to-mids\"");
        ObjectName deliver = new ObjectName("org.apache.camel:context=im-logic,type=routes,name=\"deliver-pushes\"");
        ObjectName counters = new ObjectName("org.apache.camel:context=im-logic,type=services,name=PushCounters");
        long acceptTotal = (Long) jmx.getAttribute(accept, "ExchangesTotal");
        long acceptFailed = (Long) jmx.getAttribute(accept, "ExchangesFailed");
        long acceptHandled = (Long) jmx.getAttribute(accept, "FailuresHandled");
        long deliverTotal = (Long) jmx.getAttribute(deliver, "ExchangesTotal");
        long acceptedMids = (Long) jmx.getAttribute(counters, "AcceptedMids");

        for (int i = 0; i < 5; i++) {
            assertEquals(202, service.post("/im/push/mids", "application/json", "{\"mids\":[" + (900_000_000 + i)
                    + "],\"msg\":\"jmx\"}").statusCode());
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(400, service.post("/im/push/mids", "application/json", "{\"mids\":[]}").statusCode());
        }
        long totalTimeBefore = (Long) jmx.getAttribute(accept, "TotalProcessingTime");
        StringBuilder heavy = new StringBuilder("{\"msg\":\"heavy\",\"mids\":[1");
        for (int i = 2; i <= 10_000; i++) {
            heavy.append(',').append(910_000_000 + i);
        }
        // validating 10 000 ids takes milliseconds: enough for the millisecond timers to move
        assertEquals(202, service.post("/im/push/mids", "application/json", heavy + "]}").statusCode());
        service.awaitDelivered(service.counters().acceptedTotal());

        assertEquals(acceptTotal + 8, (Long) jmx.getAttribute(accept, "ExchangesTotal"));
        assertEquals(acceptFailed, (Long) jmx.getAttribute(accept, "ExchangesFailed"),
                "bad input is answered, not a failed exchange");
        assertEquals(acceptHandled + 2, (Long) jmx.getAttribute(accept, "FailuresHandled"));
        long totalTime = (Long) jmx.getAttribute(accept, "TotalProcessingTime");
        assertTrue(totalTime > totalTimeBefore, "processing time moved: " + totalTimeBefore + " -> " + totalTime);
        assertEquals(totalTime / (Long) jmx.getAttribute(accept, "ExchangesCompleted"),
                (Long) jmx.getAttribute(accept, "MeanProcessingTime"), "mean = total / completed");
        assertEquals(deliverTotal + 6, (Long) jmx.getAttribute(deliver, "ExchangesTotal"));
        assertEquals(0L, (Long) jmx.getAttribute(deliver, "ExchangesFailed"));
        assertEquals(acceptedMids + 6, (Long) jmx.getAttribute(counters, "AcceptedMids"));
        assertEquals(service.counters().midsWithoutConnection(),
                (Long) jmx.getAttribute(counters, "MidsWithoutConnection"));
    }

    @Test
    void metricsArePrometheusTextWithRouteTimersAndServiceCounters() {
        assertEquals(202, service.post("/im/push/all", "application/json", "{\"operation\":1,\"msg\":\"m\"}")
                .statusCode());
        service.awaitDelivered(service.counters().acceptedTotal());
        HttpResponse<String> response = service.get(service.managementUri("/observe/metrics"));
        assertEquals(200, response.statusCode());
        String text = response.body();
        assertEquals((double) service.counters().accepted("ALL"),
                metric(text, "im_pushes_accepted_total\\{target=\"all\"\\}"), 0.0);
        assertEquals((double) service.counters().recordsProduced(), metric(text, "im_records_produced_total"), 0.0);
        assertEquals(0.0, metric(text, "im_pipeline_queue_depth"), 0.0);
        assertTrue(text.contains("routeId=\"accept-push-to-all\""), "route timers are exported");
        assertTrue(metric(text, "camel_exchanges_total\\{[^}]*routeId=\"deliver-pushes\"[^}]*\\}") >= 1);
    }

    @Test
    void jolokiaIsOffUnlessTurnedOn() {
        assertEquals(404, service.get(service.managementUri("/observe/jolokia/version")).statusCode());
    }

    @Test
    void readinessFollowsRedisAndKafka() throws Exception {
        awaitReady(true);
        TestServers.redis().stop();
        try {
            awaitReady(false);
            assertEquals("DOWN", check("redis"));
        } finally {
            TestServers.redis().start();
        }
        awaitReady(true);

        TestServers.kafka().stop();
        try {
            awaitReady(false);
            assertEquals("DOWN", check("kafka"));
            assertEquals(200, service.get(service.managementUri("/observe/health/live")).statusCode(),
                    "a Kafka outage is not cured by a restart: liveness stays up");
        } finally {
            TestServers.kafka().start();
        }
        awaitReady(true);
        assertEquals("UP", check("kafka"));
    }

    private static void awaitReady(boolean ready) {
        RunningService.await(() -> (service.get(service.managementUri("/observe/health/ready")).statusCode() == 200)
                == ready, Duration.ofSeconds(60), () -> "readiness never became " + (ready ? "UP" : "DOWN"));
    }

    private static String check(String name) throws Exception {
        JsonNode health = JSON.readTree(service.get(service.managementUri("/observe/health")).body());
        for (JsonNode check : health.path("checks")) {
            if (name.equals(check.path("name").asText())) {
                return check.path("status").asText();
            }
        }
        throw new AssertionError("no health check " + name + " in " + health);
    }

    private static double metric(String text, String nameAndLabels) {
        Matcher line = Pattern.compile("(?m)^" + nameAndLabels + " (\\S+)$").matcher(text);
        if (!line.find()) {
            throw new AssertionError("no metric " + nameAndLabels);
        }
        return Double.parseDouble(line.group(1));
    }
}
