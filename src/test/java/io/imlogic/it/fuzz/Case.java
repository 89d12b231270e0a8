package io.imlogic.it.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.imlogic.it.fuzz.FuzzText.escape;

/** One request to send: everything needed to send it, and to print it. */
final class Case {
    final int index;
    final long seed;
    final String category;
    String detail;
    Endpoint endpoint;
    Endpoint.Kind kind = Endpoint.Kind.NONE;
    String method = "POST";
    String target = "/";
    final List<String[]> headers = new ArrayList<>();
    byte[] body;
    boolean chunked;
    /** Sent over the raw socket even though HttpClient would take it (see {@link Transport}). */
    boolean forceRaw;
    /** May get Vert.x core's hard-coded empty 501 for an unknown HTTP version. */
    boolean versionReject;
    /** May get an empty 400/414/431 from the HTTP codec (see {@link Judge}). */
    boolean codec;
    /** May see the connection closed without a reply (see {@link Judge}). */
    boolean mayClose;
    /** The bytes to write as they are: a hand-written raw case, or what the raw socket sent. */
    byte[] raw;

    Case(int index, long seed, String category, String detail) {
        this.index = index;
        this.seed = seed;
        this.category = category;
        this.detail = detail;
    }

    void contentType(String type) {
        if (type != null) {
            headers.add(new String[] {"Content-Type", type});
        }
    }

    String endpointLabel() {
        if (endpoint != null) {
            return endpoint.path();
        }
        String path = target == null ? "?" : target;
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    String describe(int max) {
        StringBuilder text = new StringBuilder();
        if (raw != null && category.equals("RAW_HTTP")) {
            text.append(detail).append(": ").append(escape(new String(raw, StandardCharsets.ISO_8859_1), max));
            return text.toString();
        }
        text.append(detail).append(": ").append(method).append(' ').append(escape(target, max));
        for (String[] header : headers) {
            text.append(" [").append(escape(header[0], 60)).append(": ").append(escape(header[1], 80))
                    .append(']');
        }
        if (chunked) {
            text.append(" [chunked]");
        }
        if (body != null) {
            text.append(" body(").append(body.length).append(" B)=")
                    .append(escape(new String(body, 0, Math.min(body.length, max), StandardCharsets.ISO_8859_1),
                            max));
        }
        return text.toString();
    }
}
