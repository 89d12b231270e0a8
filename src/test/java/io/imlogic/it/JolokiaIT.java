package io.imlogic.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jolokia on the management port for Hawtio: Camel and im-logic MBeans readable over HTTP, writes and operations
 * refused by the access policy, and the admin token required.
 */
class JolokiaIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "jolokia-it-token";
    private static final String ACCEPT_ROUTE = "org.apache.camel:context=im-logic,type=routes,name=\"accept-push-to-mids\"";
    private static RunningService service;

    @BeforeAll
    static void start() throws Exception {
        service = new RunningService(Map.of("im.jolokia.enabled", "true", "im.auth.admin-token", TOKEN,
                "im.routes.reload", "false"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void readsCamelRouteAndServiceCountersAsJmxHas() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(202, service.post("/im/push/mids", "application/json", "{\"mids\":[" + (950_000_000 + i)
                    + "],\"msg\":\"jolokia\"}").statusCode());
        }
        service.awaitDelivered(service.counters().acceptedTotal());

        JsonNode total = jolokia("{\"type\":\"read\",\"mbean\":" + JSON.writeValueAsString(ACCEPT_ROUTE)
                + ",\"attribute\":\"ExchangesTotal\"}", bearer(TOKEN));
        assertEquals(200, total.path("status").asInt(), total.toString());
        long overJmx = (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(ACCEPT_ROUTE),
                "ExchangesTotal");
        assertTrue(overJmx >= 3);
        assertEquals(overJmx, total.path("value").asLong(), "Jolokia reads the route MBean JMX holds");

        JsonNode counters = jolokia("{\"type\":\"read\",\"mbean\":\"org.apache.camel:context=im-logic,type=services,"
                + "name=PushCounters\",\"attribute\":\"AcceptedMids\"}", bearer(TOKEN));
        assertEquals(200, counters.path("status").asInt(), counters.toString());
        assertEquals(service.counters().accepted("MIDS"), counters.path("value").asLong());

        // the README's curl example: a GET with the MBean name in the path
        HttpResponse<String> get = service.send(TestHttp.request(service.managementUri("/observe/jolokia/read/"
                        + "org.apache.camel:context=im-logic,type=routes,name=%22accept-push-to-mids%22/ExchangesTotal"))
                .header("Authorization", bearer(TOKEN)).GET().build());
        assertEquals(overJmx, JSON.readTree(get.body()).path("value").asLong(), get.body());

        JsonNode search = jolokia("{\"type\":\"search\",\"mbean\":\"org.apache.camel:context=im-logic,type=routes,*\"}",
                bearer(TOKEN));
        assertTrue(search.path("value").toString().contains("deliver-pushes"), search.toString());
    }

    @Test
    void operationsAndWritesAreRefused() throws Exception {
        JsonNode stop = jolokia("{\"type\":\"exec\",\"mbean\":" + JSON.writeValueAsString(ACCEPT_ROUTE)
                + ",\"operation\":\"stop()\"}", bearer(TOKEN));
        assertEquals(403, stop.path("status").asInt(), stop.toString());
        assertEquals(ServiceStatus.Started,
                service.service().context().getRouteController().getRouteStatus("accept-push-to-mids"));

        JsonNode write = jolokia("{\"type\":\"write\",\"mbean\":" + JSON.writeValueAsString(ACCEPT_ROUTE)
                + ",\"attribute\":\"Tracing\",\"value\":true}", bearer(TOKEN));
        assertEquals(403, write.path("status").asInt(), write.toString());
        assertFalse((Boolean) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(ACCEPT_ROUTE),
                "Tracing"), "the attribute did not change");

        JsonNode jvmArguments = jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\","
                + "\"attribute\":\"InputArguments\"}", bearer(TOKEN));
        assertEquals(403, jvmArguments.path("status").asInt(), "JVM arguments may carry secrets: " + jvmArguments);
    }

    @Test
    void theAdminTokenIsRequired() throws Exception {
        String read = "{\"type\":\"version\"}";
        assertEquals(401, post(read, null).statusCode());
        assertEquals(401, post(read, bearer("wrong")).statusCode());
        HttpResponse<String> withoutToken = service.get(service.managementUri("/observe/jolokia/version"));
        assertEquals(401, withoutToken.statusCode());
        assertTrue(withoutToken.headers().firstValue("WWW-Authenticate").orElse("").contains("Bearer"));
        assertFalse(withoutToken.body().contains("\"agent\""), "nothing of Jolokia's answer leaks");

        assertEquals(200, jolokia(read, bearer(TOKEN)).path("status").asInt());
        // Hawtio's connect dialog speaks Basic: any user, the token as password
        String basic = "Basic " + Base64.getEncoder().encodeToString(("hawtio:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        assertEquals(200, jolokia(read, basic).path("status").asInt());
        // health and metrics stay open for probes and Prometheus
        assertEquals(200, service.get(service.managementUri("/observe/health/live")).statusCode());
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static JsonNode jolokia(String request, String authorization) throws Exception {
        HttpResponse<String> response = post(request, authorization);
        assertTrue(response.body().startsWith("{"), response.statusCode() + " " + response.body());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> post(String request, String authorization) {
        HttpRequest.Builder builder = TestHttp.request(service.managementUri("/observe/jolokia"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return service.send(builder.build());
    }
}
