package io.imlogic.it.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The README's promise for bad input, as rules a response must follow: "Errors are JSON and name the field [...]
 * Never a 500 or a stack trace for bad input." A response breaks them when
 * <ul>
 *   <li>its status is 5xx, or no response came within the timeout (a hang), or the connection dropped without one;</li>
 *   <li>it is not a 2xx and its body is not a JSON object with an integer {@code code} and a string
 *       {@code message};</li>
 *   <li>it is a 4xx whose Content-Type is not {@code application/json};</li>
 *   <li>it is a 2xx whose body is not JSON, or carries {@code "code":-500} other than goim's documented overload
 *       reply (the {@code /goim} paths answer an internal error with HTTP 200 and code -500, which would hide it).</li>
 * </ul>
 * Accidentally valid requests are fine: a 2xx passes.
 *
 * <p><b>The only non-JSON error replies accepted</b> are those of the HTTP codec (Netty and Vert.x core's
 * {@code HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER}), sent before any router handler or route of the service
 * runs, to requests that are malformed at the HTTP level. They are recognised by their empty body and their status,
 * and accepted only for cases flagged {@code codec}:
 * <ul>
 *   <li>431 for a header block over Vert.x's 8 KiB limit (raw cases "header 70 kB", "200 headers of 500 B");</li>
 *   <li>414 for a request line over Vert.x's 4 KiB limit (raw case "request line 10 kB"; generated cases whose
 *       request line is longer than 4 000 bytes);</li>
 *   <li>400 for: illegal header names (space, control character, non-ASCII, empty, no colon), header values with
 *       control characters, an obs-fold continuation line, LF-only line endings, conflicting or non-numeric
 *       Content-Length, a bad or overflowing chunk size, an unknown Transfer-Encoding, a garbage or binary request
 *       line, a malformed HTTP version, raw space, control or non-ASCII bytes in the request target, and the
 *       RFC 9112 §3.2 Host rules (HTTP/1.1 without Host, two Host headers, an invalid Host value); generated cases
 *       get the flag by {@link Generator#markHttpLevelMalformations};</li>
 *   <li>for a bad chunk size or a garbage request line, closing the connection without any reply
 *       ({@code mayClose});</li>
 *   <li>for an unknown HTTP version (raw cases "HTTP/9.9", "HTTP/2.0 in an HTTP/1 request line"), Vert.x core's
 *       empty 501, hard-coded in {@code Http1xServerRequestHandler} before any handler of the service can run: the
 *       one 5xx accepted, because the protocol itself is not HTTP/1.x ({@code versionReject}).</li>
 * </ul>
 * Everything else, including every reply once the Vert.x router runs (its route matching, body handler, failure
 * handlers) and every reply of a route, must follow the rules above. An upgrade the client asked for (101) passes.
 */
final class Judge {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Judge() {
    }

    /** The rule the response breaks (a short text naming it), or null when it follows them all. */
    static String verdict(Case c, Response r) {
        if (r.error != null) {
            if (c.mayClose && r.status == 0) {
                return null;
            }
            return r.error;
        }
        int status = r.status;
        if (status == 101 && c.raw != null && new String(c.raw, StandardCharsets.ISO_8859_1).contains("Upgrade:")) {
            return null;
        }
        String type = r.contentType == null ? "" : r.contentType.toLowerCase(Locale.ROOT);
        boolean head = "HEAD".equalsIgnoreCase(c.method);
        if (status >= 200 && status < 300) {
            if (head || r.body.length == 0 && status == 204) {
                return null;
            }
            JsonNode json = parse(r.body);
            if (json == null) {
                return "2xx body is not JSON";
            } else if (json.path("code").asInt(0) == -500
                    && !json.path("message").asText("").startsWith("overloaded")) {
                return "2xx hides an internal error (code -500)";
            }
            return null;
        }
        if (status >= 500 && !(c.versionReject && r.body.length == 0 && (status == 501 || status == 505))) {
            return "5xx";
        }
        boolean codecReply = c.codec && r.body.length == 0 && (status == 400 || status == 414 || status == 431);
        if (codecReply || c.versionReject && r.body.length == 0 && (status == 501 || status == 505)) {
            return null;
        }
        if (!head) {
            JsonNode json = parse(r.body);
            if (json == null || !json.isObject()) {
                return "error body is not a JSON object";
            }
            if (!json.path("code").isIntegralNumber() || !json.path("message").isTextual()) {
                return "error JSON lacks integer code / string message";
            }
        }
        if (status >= 400 && !type.startsWith("application/json")) {
            return "4xx Content-Type is not application/json (" + r.contentType + ")";
        }
        return null;
    }

    /** A path of the push API: a 2xx there is an accepted push, which the pipeline must then deliver. */
    static boolean isPushPath(String target) {
        return target != null && (target.startsWith("/im/push/") || target.startsWith("/goim/push/"));
    }

    static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
