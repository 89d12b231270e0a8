package io.imlogic.it.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The generator's building blocks: field values ({@link V}), a plausible request per endpoint ({@link #baseline}),
 * which the families then break, and the three ways of putting fields in a request ({@link #encode}).
 */
final class Fields {

    private Fields() {
    }

    /** A field value, rendered as JSON text and as the form/query values it becomes. */
    record V(String json, List<String> form) {
        static V num(Object number) {
            return new V(String.valueOf(number), List.of(String.valueOf(number)));
        }

        static V str(String text) {
            return new V(quote(text), List.of(text));
        }

        /** A JSON token that may not even be valid JSON (NaN, 1e400, 0x10): the form gets the same text. */
        static V raw(String token) {
            return new V(token, List.of(token));
        }

        static V list(List<V> items) {
            StringBuilder json = new StringBuilder("[");
            List<String> form = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                json.append(i == 0 ? "" : ",").append(items.get(i).json());
                form.addAll(items.get(i).form());
            }
            return new V(json.append(']').toString(), form);
        }

        static V obj(Map<String, V> fields) {
            String json = objectJson(fields);
            return new V(json, List.of(json));
        }
    }

    static String objectJson(Map<String, V> fields) {
        StringBuilder json = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, V> field : fields.entrySet()) {
            json.append(first ? "" : ",").append(quote(field.getKey())).append(':').append(field.getValue().json());
            first = false;
        }
        return json.append('}').toString();
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"' || ch == '\\') {
                out.append('\\').append(ch);
            } else if (ch < 0x20) {
                out.append(String.format("\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return out.append('"').toString();
    }

    static String server(Random r) {
        return "fuzz-comet-" + r.nextInt(4);
    }

    /** A plausible request for the endpoint, which the categories then break. */
    static LinkedHashMap<String, V> baseline(Endpoint e, Random r) {
        LinkedHashMap<String, V> m = new LinkedHashMap<>();
        long mid = 800_000_000_000L + r.nextInt(1_000_000);
        switch (e.call()) {
            case "mids" -> {
                maybe(r, () -> m.put("operation", V.num(1000)));
                m.put("mids", V.list(List.of(V.num(mid), V.num(mid + 1))));
                m.put("msg", V.str("hello"));
            }
            case "keys" -> {
                maybe(r, () -> m.put("operation", V.num(1000)));
                m.put("keys", V.list(List.of(V.str("fuzz-key-" + r.nextInt(100)))));
                m.put("msg", V.str("hello"));
            }
            case "room" -> {
                m.put("operation", V.num(1000));
                m.put("type", V.str("live"));
                m.put("room", V.str("fuzz-" + r.nextInt(100)));
                m.put("msg", V.str("hello"));
            }
            case "all" -> {
                m.put("operation", V.num(1000));
                maybe(r, () -> m.put("speed", V.num(r.nextInt(4))));
                m.put("msg", V.str("hello"));
            }
            case "connect" -> {
                m.put("server", V.str(server(r)));
                m.put("cookie", V.str(""));
                LinkedHashMap<String, V> token = new LinkedHashMap<>();
                token.put("mid", V.num(mid));
                token.put("key", V.str("fuzz-key-" + r.nextInt(100)));
                token.put("room_id", V.str("live://fuzz-" + r.nextInt(10)));
                token.put("platform", V.str("web"));
                token.put("accepts", V.list(List.of(V.num(1000), V.num(1001))));
                m.put("token", r.nextBoolean() ? V.obj(token) : V.str(objectJson(token)));
            }
            case "disconnect", "heartbeat" -> {
                m.put("mid", V.num(mid));
                m.put("key", V.str("fuzz-key-" + r.nextInt(100)));
                m.put("server", V.str(server(r)));
            }
            case "online" -> {
                m.put("server", V.str(server(r)));
                LinkedHashMap<String, V> rooms = new LinkedHashMap<>();
                rooms.put("live://fuzz-" + r.nextInt(10), V.num(r.nextInt(5)));
                m.put("roomCount", r.nextBoolean() ? V.obj(rooms) : V.str(objectJson(rooms)));
                maybe(r, () -> m.put("connCount", V.num(r.nextInt(10))));
                maybe(r, () -> m.put("ipCount", V.num(r.nextInt(10))));
            }
            case "top" -> {
                m.put("type", V.str("live"));
                m.put("limit", V.num(1 + r.nextInt(10)));
            }
            case "rooms" -> {
                m.put("type", V.str("live"));
                m.put("rooms", V.list(List.of(V.str("fuzz-1"), V.str("fuzz-2"))));
            }
            case "weighted" -> maybe(r, () -> m.put("platform", V.str(r.nextBoolean() ? "web" : "android")));
            default -> {
            }
        }
        return m;
    }

    static void maybe(Random r, Runnable action) {
        if (r.nextBoolean()) {
            action.run();
        }
    }

    enum Style { JSON, FORM, QUERY }

    static Style style(Random r) {
        int p = r.nextInt(100);
        return p < 60 ? Style.JSON : p < 85 ? Style.FORM : Style.QUERY;
    }

    static String formOf(Map<String, V> m, Random r) {
        StringBuilder form = new StringBuilder();
        for (Map.Entry<String, V> field : m.entrySet()) {
            List<String> values = field.getValue().form();
            if (values.size() > 1 && r.nextBoolean()) {
                values = List.of(String.join(",", values));
            }
            for (String value : values) {
                form.append(form.length() == 0 ? "" : "&").append(enc(field.getKey())).append('=').append(enc(value));
            }
        }
        return form.toString();
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Puts the fields where the endpoint (and the chosen style) reads them. */
    static void encode(Case c, Map<String, V> m, Style style, Random r) {
        Endpoint e = c.endpoint;
        if (e.kind() == Endpoint.Kind.ONLINE) {
            c.method = "GET";
            String query = formOf(m, r);
            c.target = e.path() + (query.isEmpty() && r.nextBoolean() ? "" : "?" + query);
            return;
        }
        c.method = "POST";
        switch (style) {
            case JSON -> {
                c.target = e.path();
                c.contentType(r.nextInt(10) == 0 ? "application/json; charset=utf-8" : "application/json");
                c.body = objectJson(m).getBytes(StandardCharsets.UTF_8);
            }
            case FORM -> {
                c.target = e.path();
                c.contentType("application/x-www-form-urlencoded");
                c.body = formOf(m, r).getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                Map<String, V> query = new LinkedHashMap<>(m);
                V msg = query.remove("msg");
                String text = formOf(query, r);
                c.target = e.path() + (text.isEmpty() ? "" : "?" + text);
                c.contentType(r.nextBoolean() ? "text/plain" : r.nextBoolean() ? null : "application/octet-stream");
                c.body = msg == null ? (r.nextBoolean() ? new byte[0] : null)
                        : msg.form().get(0).getBytes(StandardCharsets.UTF_8);
            }
        }
        c.detail += " " + style.name().toLowerCase(Locale.ROOT);
    }
}
