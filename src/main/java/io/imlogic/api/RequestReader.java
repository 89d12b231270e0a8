package io.imlogic.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a request's fields from the three input styles of goim's and im-cloud's clients: a JSON body, a form body, or
 * query parameters with the raw body as the message (goim). Query parameters are read in every style; body fields
 * win over them.
 */
final class RequestReader {

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    // deep nesting is an attack, not a push: refuse it before it costs stack
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Exchange property naming the method a 405 should advertise in {@code Allow}. */
    static final String ALLOWED_METHOD = "imAllowedMethod";

    private RequestReader() {
    }

    /** The fields of a POST; checks the method and the content type first. */
    static RequestFields read(Exchange exchange) {
        Message in = exchange.getIn();
        RequestFields fields = query(exchange, "POST");

        String formType = in.getHeader(HttpErrorHandlers.FORM_BODY, String.class);
        if (formType != null) {
            // a form body, handed over raw by HttpErrorHandlers: decoded as strictly as a query string
            mediaType(formType);
            byte[] raw = in.getBody(byte[].class);
            RequestFields body = new RequestFields();
            FormDecoder.decodeInto(raw == null ? "" : new String(raw, StandardCharsets.ISO_8859_1), body, "form body");
            fields.putAll(body);
            return fields;
        }
        switch (mediaType(in.getHeader(Exchange.CONTENT_TYPE, String.class))) {
            case "application/json" -> fields.putJson(jsonObject(in.getBody(byte[].class)));
            case "", "text/plain", "application/octet-stream" -> {
                byte[] raw = rawBody(exchange);
                if (raw.length > 0) {
                    fields.put("msg", FormDecoder.utf8(raw, "body"));
                }
            }
            default -> throw new ApiException(415, "content type " + in.getHeader(Exchange.CONTENT_TYPE)
                    + " is not supported: send application/json, application/x-www-form-urlencoded, "
                    + "or the message as text/plain with the fields in the query string");
        }
        return fields;
    }

    /** The query-string fields of a request that must use {@code method}; the body is not read. */
    static RequestFields query(Exchange exchange, String method) {
        String actual = exchange.getIn().getHeader(Exchange.HTTP_METHOD, "", String.class);
        if (!method.equalsIgnoreCase(actual)) {
            exchange.setProperty(ALLOWED_METHOD, method);
            throw new ApiException(405, "method " + actual + " is not allowed here, use " + method);
        }
        RequestFields fields = new RequestFields();
        FormDecoder.decodeInto(exchange.getIn().getHeader(Exchange.HTTP_RAW_QUERY, String.class), fields);
        return fields;
    }

    /** The body as it came, whatever its content type; empty when there is none. */
    static byte[] rawBody(Exchange exchange) {
        byte[] raw = exchange.getIn().getBody(byte[].class);
        return raw == null ? new byte[0] : raw;
    }

    /** The media type without parameters, lower case; only UTF-8 (or no charset) is accepted. */
    static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "";
        }
        String[] parts = contentType.split(";", -1);
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim().toLowerCase(Locale.ROOT);
            if (param.startsWith("charset=")) {
                String charset = param.substring("charset=".length()).replace("\"", "");
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    throw new ApiException(415, "charset " + charset + " is not supported, send UTF-8");
                }
            }
        }
        if (type.startsWith("application/") && type.endsWith("+json")) {
            return "application/json";
        }
        return type;
    }

    private static JsonNode jsonObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("body must be a JSON object, it is empty");
        }
        return jsonObject(body, "body");
    }

    /** Parses a JSON object (a body, or a field that carries JSON such as a comet's token); 400 otherwise. */
    static JsonNode jsonObject(byte[] json, String what) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(what + " is not valid JSON: " + FieldRules.clip(e.getOriginalMessage()));
        } catch (IOException e) {
            throw ApiException.badRequest(what + " is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest(what + " must be a JSON object");
        }
        return node;
    }
}
