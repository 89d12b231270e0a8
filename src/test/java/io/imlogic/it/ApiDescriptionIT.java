package io.imlogic.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** /api-doc describes exactly the paths the service serves, and the README's API table lists the same. */
class ApiDescriptionIT {

    private static RunningService service;

    @BeforeAll
    static void start() throws Exception {
        service = RunningService.withDefaults();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void theOpenApiDocumentMatchesTheRoutesAndTheReadme() throws Exception {
        HttpResponse<String> response = service.send(TestHttp.request(service.uri("/api-doc")).GET().build());
        assertEquals(200, response.statusCode());
        JsonNode doc = new ObjectMapper().readTree(response.body());
        assertEquals("3.0.3", doc.path("openapi").asText());

        Set<String> documented = new TreeSet<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));

        Set<String> served = new TreeSet<>();
        for (Route route : service.service().context().getRoutes()) {
            if (route.getEndpoint() instanceof PlatformHttpEndpoint http) {
                served.add(http.getPath());
            }
        }
        Set<String> documentedPaths = new TreeSet<>();
        documented.forEach(entry -> documentedPaths.add(entry.substring(entry.indexOf(' ') + 1)));
        assertEquals(served, documentedPaths, "every served path is documented, and nothing else");

        Set<String> inReadme = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `(GET|POST) (/[^`?]*)").matcher(Files.readString(Path.of("README.md")));
        while (row.find()) {
            inReadme.add(row.group(1) + " " + row.group(2));
        }
        assertEquals(documented, inReadme, "the README's API table agrees with /api-doc");
    }
}
