package io.imlogic.it.fuzz;

import io.imlogic.it.fuzz.Fields.Style;
import io.imlogic.it.fuzz.Fields.V;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;

import static io.imlogic.it.fuzz.Fields.baseline;
import static io.imlogic.it.fuzz.Fields.enc;
import static io.imlogic.it.fuzz.Fields.encode;
import static io.imlogic.it.fuzz.Fields.formOf;
import static io.imlogic.it.fuzz.Fields.objectJson;
import static io.imlogic.it.fuzz.FuzzText.escape;
import static io.imlogic.it.fuzz.FuzzText.latin1Bytes;
import static io.imlogic.it.fuzz.FuzzText.pick;
import static io.imlogic.it.fuzz.JsonFamilies.bigText;

/** Malformed-input families about the encoding: odd form names, percent-escape garbage, invalid UTF-8. */
final class EncodingFamilies {

    private EncodingFamilies() {
    }

    static final String[] ODD_NAMES = {
        " ", "a b", "\t", "\u0000", "\u0001", "\r\n", "\n", "\u007f", "é", "日本", "😀", "", "=", "==", "&",
        "Content-Length", "content-length", "Content-Type", "Transfer-Encoding", "Host", "Connection", "Expect",
        "CamelHttpResponseCode", "CamelHttpMethod", "CamelHttpUri", "CamelHttpPath", "CamelHttpQuery",
        "CamelHttpRawQuery", "Camel", "camelFoo", "CamelExceptionCaught", "CamelHttpCharacterEncoding",
        "CamelContentType", "kafka.KEY", "kafka.TOPIC", "kafka.OVERRIDE_TOPIC", "kafka.PARTITION_KEY",
        "kafka.HEADERS", "kafka.OVERRIDE_TIMESTAMP", "im-request-id", "im-accepted-at", "Allow", "Retry-After",
        "Set-Cookie", "Location", ":status", ":path", "X-Forwarded-For", "mids[]", "mids[0]", "msg\u0000",
        "__proto__", "breadcrumbId", "Content-Length ", " msg", "MSG", "Mids", "msg ", "Content-Encoding",
        "Authorization", "Cookie", "Accept", "Origin",
    };

    static final String[] ODD_VALUES = {
        "1", "", "abc", "-1", "\u0000", "\r\nX-Injected: 1", "99999999999999999999", "application/xml",
        "text/html", "gzip", "chunked", "close", "0", "Basic Zm9vOmJhcg==", "http://evil", "é", "500", "x".repeat(300),
    };

    static void oddFormNames(Case c, Random r) {
        StringBuilder form = new StringBuilder();
        BiConsumer<String, String> add = (name, value) -> form.append(form.length() == 0 ? "" : "&")
                .append(name).append('=').append(value);
        boolean encoded = r.nextBoolean();
        StringBuilder what = new StringBuilder("odd form names" + (encoded ? " (encoded)" : " (raw)") + ":");
        for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) {
            String name = r.nextInt(12) == 0 ? bigText(r, 10_000) : pick(r, ODD_NAMES);
            String value = pick(r, ODD_VALUES);
            what.append(' ').append(escape(name, 20));
            add.accept(encoded ? enc(name) : name, encoded ? enc(value) : value);
        }
        if (r.nextInt(4) == 0) {
            String storm = pick(r, "&", "=", "&=", "=&", "==&&", "&&&&=", "a=b=c&", "=&mids=&");
            form.append(storm.repeat(1 + r.nextInt(r.nextBoolean() ? 20 : 3_000)));
            what.append(" + storm of ").append(escape(storm, 10));
        }
        if (r.nextInt(10) < 6) {
            // a valid core, so that the request reaches the reply (which is where header copying once hurt)
            LinkedHashMap<String, V> m = baseline(c.endpoint, r);
            String core = formOf(m, r);
            if (!core.isEmpty()) {
                form.insert(0, core + "&");
                what.append(" + valid fields");
            }
        }
        c.detail = what.toString();
        String text = form.toString();
        boolean online = c.endpoint.kind() == Endpoint.Kind.ONLINE;
        if (online || r.nextInt(4) == 0) {
            c.method = online ? "GET" : "POST";
            c.target = c.endpoint.path() + "?" + (text.length() > 3_800 ? text.substring(0, 3_800) : text);
            if (!online) {
                c.contentType("text/plain");
                c.body = "hello".getBytes(StandardCharsets.UTF_8);
            }
            c.detail += " in query";
        } else {
            c.method = "POST";
            c.target = c.endpoint.path();
            c.contentType("application/x-www-form-urlencoded");
            c.body = latin1Bytes(text);
        }
    }

    static final String[] PERCENT = {
        "%", "%Z", "%ZZ", "%G0", "%%", "%0", "%u00e9", "%C3", "%C3%28", "%FF", "%FE%FF", "%ED%A0%80", "%F4%90%80%80",
        "%C0%AF", "%E0%80%AF", "%00", "%0A", "%0D%0A", "%2", "%%32%30", "%+1", "%-1", "%\uFF11\uFF12", "%e9",
        "%F0%9F%98", "%F8%88%80%80%80", "%80", "%BF", "%C1%BF", "%EF%BF%BE", "%25", "%2525", "%%%", "%1g",
        "%x0", "%C3%A9", "%E2%82%AC", "+%2B+", "%26", "%3D", "%3D%3D%26",
    };

    static void percentGarbage(Case c, Random r) {
        LinkedHashMap<String, V> m = baseline(c.endpoint, r);
        String form = formOf(m, r);
        StringBuilder garbled = new StringBuilder(form);
        StringBuilder what = new StringBuilder("percent garbage:");
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
            String piece = pick(r, PERCENT);
            garbled.insert(r.nextInt(garbled.length() + 1), piece);
            what.append(' ').append(piece);
        }
        String text = garbled.toString();
        int where = c.endpoint.kind() == Endpoint.Kind.ONLINE ? r.nextInt(2) : r.nextInt(4);
        switch (where) {
            case 0 -> {
                // in the query string: HttpClient refuses most of these, so they go over the raw socket
                c.method = c.endpoint.kind() == Endpoint.Kind.ONLINE ? "GET" : "POST";
                c.target = c.endpoint.path() + "?" + text;
                if (c.endpoint.kind() != Endpoint.Kind.ONLINE) {
                    int body = r.nextInt(10);
                    if (body == 0) {
                        c.contentType("application/x-www-form-urlencoded");
                        c.body = "a=1".getBytes(StandardCharsets.UTF_8);
                    } else if (body < 3) {
                        c.contentType("application/json");
                        c.body = "{}".getBytes(StandardCharsets.UTF_8);
                    } else {
                        c.contentType("text/plain");
                        c.body = "hello".getBytes(StandardCharsets.UTF_8);
                    }
                }
                what.append(" in query");
            }
            case 1 -> {
                String path = c.endpoint.path();
                int at = path.lastIndexOf('/') + 1 + r.nextInt(path.length() - path.lastIndexOf('/'));
                String piece = pick(r, PERCENT);
                c.target = path.substring(0, at) + piece + path.substring(at)
                        + (form.isEmpty() ? "" : "?" + form);
                c.method = c.endpoint.kind() == Endpoint.Kind.ONLINE ? "GET" : "POST";
                if (c.endpoint.kind() != Endpoint.Kind.ONLINE) {
                    c.contentType("application/json");
                    c.body = objectJson(m).getBytes(StandardCharsets.UTF_8);
                }
                what.setLength(0);
                what.append("percent garbage in path: ").append(piece);
            }
            case 2 -> {
                c.method = "POST";
                c.target = c.endpoint.path();
                c.contentType("application/x-www-form-urlencoded");
                c.body = latin1Bytes(text);
                what.append(" in form body");
            }
            default -> {
                // a JSON body whose strings hold percent garbage: must not matter at all
                m.put(pick(r, c.endpoint.fields()), V.str(pick(r, PERCENT)));
                encode(c, m, Style.JSON, r);
                what.append(" in JSON strings");
            }
        }
        c.detail = what.toString();
    }

    static final byte[][] BAD_BYTES = {
        {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC3}, {(byte) 0xC3, 0x28},
        {(byte) 0xE2, (byte) 0x82}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80,
            (byte) 0x80}, {(byte) 0xFC, (byte) 0x84, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
        {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        {(byte) 0xEF, (byte) 0xBF, (byte) 0xBE}, {0x00}, {(byte) 0xE9}, {(byte) 0xA0, (byte) 0xA1},
    };

    static final String[] BAD_ESCAPES = {
        "\\uD800", "\\uDC00", "\\uDBFF\\uDFFF", "\\uD800\\u0041", "\\u0000", "\\uFFFF", "\\uFFFE", "\\uDFFF\\uD800",
        "x\\uD83D", "\\uD83D\\uDE00", "\\uD800\\uD800",
    };

    /** A private-use char standing for "the bad bytes go here" in text that is then encoded as UTF-8. */
    static final char MARK = '\uE000';

    static byte[] replaceMark(String text, byte[] bytes) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] mark = String.valueOf(MARK).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length + 16);
        for (int i = 0; i < utf8.length; i++) {
            if (i + mark.length <= utf8.length && utf8[i] == mark[0] && utf8[i + 1] == mark[1]
                    && utf8[i + 2] == mark[2]) {
                out.writeBytes(bytes);
                i += mark.length - 1;
            } else {
                out.write(utf8[i]);
            }
        }
        return out.toByteArray();
    }

    static void badUtf8(Case c, Random r) {
        LinkedHashMap<String, V> m = baseline(c.endpoint, r);
        byte[] bad = BAD_BYTES[r.nextInt(BAD_BYTES.length)];
        String badText = escape(new String(bad, StandardCharsets.ISO_8859_1), 30);
        boolean online = c.endpoint.kind() == Endpoint.Kind.ONLINE;
        int where = online ? 4 : r.nextInt(6);
        String field = pick(r, c.endpoint.fields());
        switch (where) {
            case 0 -> {
                m.put(field, V.str("a" + MARK + "b"));
                encode(c, m, Style.JSON, r);
                c.body = replaceMark(objectJson(m), bad);
                c.detail = "bad UTF-8 " + badText + " in JSON string " + field;
            }
            case 1 -> {
                String json = objectJson(m);
                int at = r.nextInt(3);
                String marked = at == 0 ? json.replaceFirst("\":", "\"" + MARK + ":")
                        : at == 1 ? MARK + json : json + MARK;
                encode(c, m, Style.JSON, r);
                c.body = replaceMark(marked, bad);
                c.detail = "bad UTF-8 " + badText + (at == 0 ? " in JSON name" : at == 1 ? " before JSON"
                        : " after JSON");
            }
            case 2 -> {
                String escape = pick(r, BAD_ESCAPES);
                m.put(field, V.raw("\"a" + escape + "b\""));
                if (!m.containsKey("msg") && c.endpoint.fields().contains("msg")) {
                    m.put("msg", V.raw("\"" + escape + "\""));
                }
                encode(c, m, Style.JSON, r);
                c.detail = "JSON escape " + escape + " in " + field;
            }
            case 3 -> {
                m.put(field, V.str("a" + MARK + "b"));
                encode(c, m, Style.FORM, r);
                String form = formOf(m, new Random(1)).replace(enc(String.valueOf(MARK)), String.valueOf(MARK));
                c.body = replaceMark(form, bad);
                c.detail = "raw bad UTF-8 " + badText + " in form field " + field;
            }
            case 4 -> {
                // percent-encoded bad bytes in the query (valid URI syntax: HttpClient sends these itself)
                StringBuilder escaped = new StringBuilder();
                for (byte b : bad) {
                    escaped.append(String.format("%%%02X", b & 0xFF));
                }
                String query = formOf(m, r);
                c.method = online ? "GET" : "POST";
                c.target = c.endpoint.path() + "?" + field + "=" + escaped + (query.isEmpty() ? "" : "&" + query);
                if (!online) {
                    c.contentType("text/plain");
                    c.body = "hello".getBytes(StandardCharsets.UTF_8);
                }
                c.detail = "percent-encoded bad UTF-8 " + escaped + " in query " + field;
            }
            default -> {
                // goim style: the raw body is the message
                Map<String, V> query = new LinkedHashMap<>(m);
                query.remove("msg");
                String text = formOf(query, r);
                c.method = "POST";
                c.target = c.endpoint.path() + (text.isEmpty() ? "" : "?" + text);
                c.contentType(pick(r, "text/plain", "application/octet-stream", "text/plain; charset=utf-8", null));
                c.body = replaceMark("hi " + MARK + " there", bad);
                c.detail = "bad UTF-8 " + badText + " in raw body";
            }
        }
    }
}
