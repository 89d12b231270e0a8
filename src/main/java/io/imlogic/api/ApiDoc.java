package io.imlogic.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI description of the HTTP API, written by hand in {@code openapi.yaml} (our routes are platform-http
 * routes, not REST DSL, so nothing generates it) and served as JSON at {@code /api-doc}. A test checks it against
 * the routes the service really serves.
 */
public final class ApiDoc {

    private final String json;

    public ApiDoc() {
        try (InputStream yaml = ApiDoc.class.getResourceAsStream("/openapi.yaml")) {
            if (yaml == null) {
                throw new IllegalStateException("openapi.yaml is missing from the classpath");
            }
            JsonNode document = new YAMLMapper().readTree(yaml);
            json = new ObjectMapper().writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException("openapi.yaml is not valid YAML", e);
        }
    }

    public String json() {
        return json;
    }
}
