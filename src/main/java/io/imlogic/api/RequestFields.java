package io.imlogic.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a request as text, whatever style they came in (JSON body, form body, query string), so that
 * one validator serves all three.
 *
 * <p>A JSON array becomes several values, a JSON object or array given as {@code msg} stays as its JSON text.
 */
final class RequestFields {

    private final Map<String, List<String>> values = new HashMap<>();

    /** Adds the fields of a JSON object; values already present (from the query string) are replaced. */
    void putJson(JsonNode object) {
        object.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                return;
            }
            List<String> texts = new ArrayList<>();
            if (value.isArray() && !"msg".equals(field.getKey())) {
                value.forEach(element -> texts.add(jsonText(element)));
            } else {
                texts.add(jsonText(value));
            }
            values.put(field.getKey(), texts);
        });
    }

    /** Takes every field of {@code other}, replacing fields of the same name (body fields win over the query). */
    void putAll(RequestFields other) {
        values.putAll(other.values);
    }

    /** Adds one query-string or form value, keeping repeats in order. */
    void add(String name, String value) {
        values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }

    void put(String name, String value) {
        List<String> single = new ArrayList<>(1);
        single.add(value);
        values.put(name, single);
    }

    /** Every value of a field, empty when absent. */
    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The single value of a field, null when absent; a repeated scalar is refused rather than guessed. */
    String single(String name) {
        List<String> found = values.get(name);
        if (found == null || found.isEmpty()) {
            return null;
        }
        if (found.size() > 1) {
            throw ApiException.badRequest(name + " must be given once");
        }
        return found.get(0);
    }

    private static String jsonText(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        // a number's own text: toString() would run a whole JSON serialisation per element of a 10 000-mid list
        return node.isNumber() ? node.asText() : node.toString();
    }
}
