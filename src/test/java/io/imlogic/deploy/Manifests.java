package io.imlogic.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** deploy/k8s/*.yaml, deploy/Dockerfile and config/application.properties, read for the tests that compare them. */
final class Manifests {

    /** Where the gRPC server listens unless im.grpc.port says otherwise. */
    private static final String GRPC_DEFAULT_PORT = "3119";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    final Properties settings = new Properties();
    private final Map<String, JsonNode> manifests = new HashMap<>();
    final JsonNode statefulSet;
    final JsonNode container;
    private final String dockerfile;

    Manifests() {
        try {
            try (Reader reader = Files.newBufferedReader(Path.of("config/application.properties"))) {
                settings.load(reader);
            }
            try (Stream<Path> files = Files.list(Path.of("deploy/k8s"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                    for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll()) {
                        if (doc.has("kind")) {
                            manifests.put(doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText(),
                                    doc);
                        }
                    }
                }
            }
            dockerfile = Files.readString(Path.of("deploy/Dockerfile"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        statefulSet = manifest("StatefulSet/im-logic");
        container = statefulSet.at("/spec/template/spec/containers/0");
    }

    JsonNode manifest(String kindAndName) {
        JsonNode found = manifests.get(kindAndName);
        assertNotNull(found, kindAndName + " in deploy/k8s; found " + manifests.keySet());
        return found;
    }

    Map<String, Integer> containerPorts() {
        Map<String, Integer> ports = new HashMap<>();
        container.path("ports").forEach(port -> ports.put(port.path("name").asText(), port.path("containerPort").asInt()));
        return ports;
    }

    int port(String key) {
        return Integer.parseInt(settings.getProperty(key).trim());
    }

    int grpcPort() {
        return Integer.parseInt(settings.getProperty("im.grpc.port", GRPC_DEFAULT_PORT).trim());
    }

    JsonNode probe(String kind) {
        JsonNode get = container.path(kind).path("httpGet");
        assertFalse(get.isMissingNode(), kind + " is an HTTP GET");
        return get;
    }

    JsonNode env(String name) {
        for (JsonNode variable : container.path("env")) {
            if (name.equals(variable.path("name").asText())) {
                return variable;
            }
        }
        throw new AssertionError(name + " not set in the StatefulSet");
    }

    String mountOf(String volume) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (volume.equals(mount.path("name").asText())) {
                return mount.path("mountPath").asText();
            }
        }
        throw new AssertionError("no volume mount " + volume);
    }

    JsonNode volume(String name) {
        for (JsonNode volume : statefulSet.at("/spec/template/spec/volumes")) {
            if (name.equals(volume.path("name").asText())) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        if (node instanceof ArrayNode array) {
            array.forEach(item -> names.add(item.path("name").asText()));
        } else {
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    String dockerfileText() {
        return dockerfile;
    }

    /** The arguments of every Dockerfile instruction of this name, continuation lines joined. */
    List<String> dockerfile(String instruction) {
        List<String> found = new ArrayList<>();
        for (String line : dockerfile.replaceAll("\\\\\\n", " ").split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith(instruction + " ")) {
                found.add(trimmed.substring(instruction.length()).trim());
            }
        }
        return found;
    }
}
