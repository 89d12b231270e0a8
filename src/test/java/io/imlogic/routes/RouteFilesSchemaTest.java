package io.imlogic.routes;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every route file is checked against the JSON schema of the YAML DSL that ships inside camel-yaml-dsl (so it
 * follows the Camel version) before any Camel runs it; the reload guard stays the check at run time.
 *
 * <p>The schema types some options as numbers or booleans, while Camel reads every scalar as text and converts it
 * after resolving placeholders. So where the schema wants a number or a boolean and the file has a quoted literal
 * ({@code "true"}) or a placeholder ({@code "{{im.pipeline.max-retries}}"}), the value Camel would convert is checked
 * instead: the placeholder resolved from {@code config/application.properties}. A placeholder naming no setting,
 * or a value that does not convert, stays an error.
 */
class RouteFilesSchemaTest {

    /** Where camel-yaml-dsl keeps its schema (draft-04, the whole DSL of this Camel version). */
    private static final String SCHEMA = "/schema/camelYamlDsl.json";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}:]+)}}");
    private static Schema schema;
    private static Properties settings;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = YamlRoutesBuilderLoader.class.getResourceAsStream(SCHEMA)) {
            assertNotNull(in, SCHEMA + " not found in the camel-yaml-dsl jar");
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                    .getSchema(new ObjectMapper().readTree(in));
        }
        settings = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("config/application.properties"))) {
            settings.load(reader);
        }
    }

    @Test
    void everyRouteFileFollowsTheYamlDslSchema() throws IOException {
        List<Path> files = routeFiles(Path.of("routes"));
        assertTrue(files.size() >= 7, "the route files: " + files);
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            validate(file).forEach(error -> problems.add(file.getFileName() + ": " + error));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aBrokenRouteFileFails() throws IOException {
        List<String> problems = validate(Path.of("src/test/resources/routes-broken/misspelled.camel.yaml"))
                .stream().map(Error::toString).toList();
        assertTrue(problems.stream().anyMatch(problem -> problem.contains("setHeadr")), problems.toString());
        assertTrue(problems.stream().anyMatch(problem -> problem.contains("methd")), problems.toString());
        assertTrue(problems.stream().anyMatch(problem -> problem.contains("maximumRedeliveries: string found")),
                "a placeholder naming no setting is an error: " + problems);
    }

    private static List<Error> validate(Path file) throws IOException {
        JsonNode routes = YAML.readTree(file.toFile());
        // each pass converts the scalars the schema complained about; the conversions can uncover more
        for (int pass = 0; pass < 50; pass++) {
            List<Error> errors = schema.validate(routes);
            boolean converted = false;
            for (Error error : errors) {
                converted |= convertAsCamelWould(routes, error);
            }
            if (!converted) {
                return errors;
            }
        }
        throw new AssertionError(file + ": conversions did not settle");
    }

    private static boolean convertAsCamelWould(JsonNode routes, Error error) {
        JsonNode found = error.getInstanceNode();
        if (!"type".equals(error.getKeyword()) || found == null || !found.isTextual()) {
            return false;
        }
        String text = found.asText().trim();
        Matcher placeholder = PLACEHOLDER.matcher(text);
        if (placeholder.matches()) {
            text = settings.getProperty(placeholder.group(1).trim());
            if (text == null) {
                return false;
            }
        }
        JsonNode converted = switch (error.getSchemaNode().asText()) {
            case "number", "integer" -> number(text.trim());
            case "boolean" -> "true".equals(text.trim()) || "false".equals(text.trim())
                    ? BooleanNode.valueOf(Boolean.parseBoolean(text.trim())) : null;
            default -> null;
        };
        if (converted == null) {
            return false;
        }
        NodePath location = error.getInstanceLocation();
        JsonNode parent = routes.at(JsonPointer.compile(location.getParent().toString()));
        Object last = location.getElement(location.getNameCount() - 1);
        if (parent instanceof ObjectNode object) {
            object.set(last.toString(), converted);
        } else if (parent instanceof ArrayNode array) {
            array.set((Integer) last, converted);
        }
        return true;
    }

    private static JsonNode number(String text) {
        try {
            return DecimalNode.valueOf(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<Path> routeFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        }
    }
}
