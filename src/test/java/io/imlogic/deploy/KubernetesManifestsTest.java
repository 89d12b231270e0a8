package io.imlogic.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.imlogic.deploy.Manifests.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/k8s is checked against the service's real configuration (ports, probe paths, variable names, the drain
 * timeout, the files the ConfigMaps carry), so the manifests cannot drift from it.
 */
class KubernetesManifestsTest {

    /** Variables the service reads without an im.* key: the config file location, and logback's. */
    static final Set<String> NOT_SETTINGS = Set.of("IM_CONFIG_FILE", "IM_LOG_FORMAT", "IM_LOG_LEVEL",
            "IM_LOG_LEVEL_CAMEL");

    private final Manifests deploy = new Manifests();

    @Test
    void containerAndServicePortsAreTheConfiguredOnes() {
        Map<String, Integer> ports = deploy.containerPorts();
        assertEquals(Map.of("http", deploy.port("im.http.port"), "grpc", deploy.grpcPort(),
                "management", deploy.port("im.management.port")), ports);
        JsonNode service = deploy.manifest("Service/im-logic");
        for (JsonNode port : service.at("/spec/ports")) {
            String target = port.path("targetPort").asText();
            assertTrue(ports.containsKey(target), "Service port targets a container port: " + port);
            assertEquals(ports.get(target).intValue(), port.path("port").asInt(), port.toString());
        }
        assertEquals(Set.of("http", "grpc"), names(service.at("/spec/ports")));
        JsonNode nodes = deploy.manifest("Service/im-logic-nodes");
        assertEquals(Set.of("management"), names(nodes.at("/spec/ports")));
        assertEquals("None", nodes.at("/spec/clusterIP").asText());
        assertEquals("im-logic-nodes", deploy.statefulSet.at("/spec/serviceName").asText());
    }

    @Test
    void probesUseTheManagementServersHealthPaths() {
        String health = deploy.settings.getProperty("camel.management.health-path").trim();
        assertEquals(health + "/live", deploy.probe("livenessProbe").path("path").asText());
        assertEquals(health + "/ready", deploy.probe("readinessProbe").path("path").asText());
        assertEquals(health + "/live", deploy.probe("startupProbe").path("path").asText());
        for (String kind : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertEquals("management", deploy.probe(kind).path("port").asText(), kind);
        }
    }

    @Test
    void everyVariableIsASettingOfTheService() throws IOException {
        Set<String> known = knownVariables();
        List<String> unknown = new ArrayList<>();
        for (JsonNode variable : deploy.container.path("env")) {
            String name = variable.path("name").asText();
            if (name.startsWith("IM_") && !known.contains(name)) {
                unknown.add(name);
            }
        }
        assertEquals(List.of(), unknown, "variables that set nothing");
        // the variables read outside application.properties are really read where this test says
        String sources = Files.readString(Path.of("src/main/resources/logback.xml"))
                + Files.readString(Path.of("src/main/java/io/imlogic/config/Locations.java"));
        NOT_SETTINGS.forEach(name -> assertTrue(sources.contains(name), name + " is read by the service"));
    }

    @Test
    void eachPodKeepsItsNodeIdAndJournalAcrossRestarts() {
        assertEquals("metadata.name", deploy.env("IM_NODE_ID").at("/valueFrom/fieldRef/fieldPath").asText(),
                "node id = pod name");
        String journal = deploy.env("IM_JOURNAL_DIR").path("value").asText();
        String claim = deploy.statefulSet.at("/spec/volumeClaimTemplates/0/metadata/name").asText();
        String mountPath = deploy.mountOf(claim);
        assertNotNull(mountPath, "the journal's volume claim is mounted");
        assertTrue(journal.startsWith(mountPath + "/"), "IM_JOURNAL_DIR " + journal + " is on the volume " + mountPath);
        assertTrue(deploy.statefulSet.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean());
    }

    @Test
    void terminationWaitsLongerThanTheDrain() {
        int drain = Integer.parseInt(deploy.settings.getProperty("im.shutdown.timeout-seconds").trim());
        int preStop = 0;
        for (JsonNode word : deploy.container.at("/lifecycle/preStop/exec/command")) {
            if (word.asText().matches("\\d+")) {
                preStop = Integer.parseInt(word.asText());
            }
        }
        int grace = deploy.statefulSet.at("/spec/template/spec/terminationGracePeriodSeconds").asInt();
        assertTrue(grace > preStop + drain, "grace " + grace + " s > preStop " + preStop + " s + drain " + drain + " s");
    }

    @Test
    void disruptionBudgetAndServicesSelectThePods() {
        JsonNode labels = deploy.statefulSet.at("/spec/template/metadata/labels");
        assertEquals(labels, deploy.statefulSet.at("/spec/selector/matchLabels"));
        assertEquals(labels, deploy.manifest("PodDisruptionBudget/im-logic").at("/spec/selector/matchLabels"));
        assertEquals(labels, deploy.manifest("Service/im-logic").at("/spec/selector"));
        assertEquals(labels, deploy.manifest("Service/im-logic-nodes").at("/spec/selector"));
        assertTrue(deploy.manifest("PodDisruptionBudget/im-logic").at("/spec/maxUnavailable").asInt() >= 1);
    }

    @Test
    void configMapsCarryThisCommitsConfigurationAndRoutes() throws IOException {
        String regenerate = " differs from the repository's: run deploy/k8s/configmap.sh";
        assertEquals(Files.readString(Path.of("config/application.properties")),
                deploy.manifest("ConfigMap/im-logic-config").at("/data/application.properties").asText(),
                "application.properties" + regenerate);
        JsonNode routes = deploy.manifest("ConfigMap/im-logic-routes").path("data");
        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(Path.of("routes"))) {
            for (Path file : list.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                files.add(file.getFileName().toString());
                assertEquals(Files.readString(file), routes.path(file.getFileName().toString()).asText(),
                        file + regenerate);
            }
        }
        assertEquals(files, names(routes), "route files" + regenerate);
        assertEquals("im-logic-config", deploy.volume("config").at("/configMap/name").asText());
        assertEquals("im-logic-routes", deploy.volume("routes").at("/configMap/name").asText());
    }

    /** IM_X_Y for every im.x-y setting, plus those read elsewhere and IM_GRPC_PORT (added with the gRPC server). */
    static Set<String> knownVariables() {
        Set<String> known = new TreeSet<>(NOT_SETTINGS);
        for (String key : new Manifests().settings.stringPropertyNames()) {
            if (key.startsWith("im.")) {
                known.add(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            }
        }
        known.add("IM_GRPC_PORT");
        return known;
    }
}
