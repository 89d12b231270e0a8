package io.imlogic.it.fuzz;

import io.imlogic.it.fuzz.Fields.Style;
import io.imlogic.it.fuzz.Fields.V;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;

import static io.imlogic.it.fuzz.Fields.baseline;
import static io.imlogic.it.fuzz.Fields.encode;
import static io.imlogic.it.fuzz.Fields.objectJson;
import static io.imlogic.it.fuzz.Fields.style;
import static io.imlogic.it.fuzz.FuzzText.pick;

/**
 * Malformed-input families about the values: broken JSON, deep nesting, wrong types, huge numbers, enormous fields.
 * Each breaks a plausible request ({@link Fields#baseline}) of the case's endpoint.
 */
final class JsonFamilies {

    private JsonFamilies() {
    }

    static final String[] JSON_GARBAGE = {
        "}", "]", ",", "x", "{}", "\"", "\u0000", " // comment", "/*", "}}}}", "\n{\"a\":1}", ",}", "]]", ":",
        "\\", "null", "'", "{", "[", "\"\\u12", "\"\\x41\"", " garbage", "\r\n\r\n", "e5", ".5", "true",
    };

    static final String[] TOP_LEVEL = {
        "", " ", "\n", "null", "[]", "[{}]", "1", "-1", "\"str\"", "true", "{", "}", "[", "]", "{}{}", "{} {}",
        "{\"a\":1}[", "\uFEFF{}", "{\"\":\"\"}", "[1,2", "\"", "0", "1e400", "NaN", "{\"msg\"}", "{:}", "{,}",
        "{\"mids\":}", "{\"mids\":[,]}", "{\"mids\":[1,],\"msg\":\"x\"}", "{\"msg\":\"x\",}",
        "{'mids':[1],'msg':'x'}", "{mids:[1],msg:\"x\"}", "{\"mids\":[1],\"msg\":\"x\"}}",
        "{\"mids\":[1] \"msg\":\"x\"}", "{\"mids\":[1],\"msg\":\"x\" /* c */}", "{\"mids\":[1],\"msg\":\"\\q\"}",
        "{\"mids\":[01],\"msg\":\"x\"}", "{\"mids\":[1],\"msg\":\"x\"} trailing", "{\"msg\":\"a\",\"msg\":\"b\"}",
        "{\"mids\":[1],\"msg\":\"\t\"}", "{\"mids\":[1],\"msg\":\"\n\"}",
    };

    static void brokenJson(Case c, Random r) {
        LinkedHashMap<String, V> m = baseline(c.endpoint, r);
        String json = objectJson(m);
        String broken;
        int how = r.nextInt(9);
        switch (how) {
            case 0 -> broken = json.substring(0, r.nextInt(json.length()));
            case 1 -> broken = json + pick(r, JSON_GARBAGE);
            case 2 -> broken = json.substring(0, json.length() - 1);
            case 3 -> {
                int at = r.nextInt(json.length());
                broken = json.substring(0, at) + pick(r, "[", "{", "]", "}", "\"", ",", ":") + json.substring(at);
            }
            case 4 -> {
                char[] chars = json.toCharArray();
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    chars[r.nextInt(chars.length)] = "{}[]:,\"\\ 'x0-".charAt(r.nextInt(13));
                }
                broken = new String(chars);
            }
            case 5 -> broken = json.replace('"', '\'');
            case 6 -> broken = pick(r, TOP_LEVEL);
            case 7 -> broken = pick(r, "\uFEFF", "x", ")]}'\n", "\u0000", " ") + json;
            default -> broken = json.replace(",", pick(r, ",,", " ", ",]", ";"));
        }
        c.detail = "broken json #" + how;
        if (c.endpoint.kind() == Endpoint.Kind.ONLINE) {
            encode(c, m, Style.JSON, r);
            if (r.nextBoolean()) {
                c.method = pick(r, "POST", "PUT", "GET");
            }
            c.contentType("application/json");
        } else {
            c.method = "POST";
            c.target = c.endpoint.path();
            c.contentType(pick(r, "application/json", "application/json", "application/json; charset=UTF-8",
                    "application/vnd.im+json"));
        }
        c.body = broken.getBytes(StandardCharsets.UTF_8);
    }

    static String nested(int depth, Random r, int shape) {
        StringBuilder open = new StringBuilder(depth * 6);
        StringBuilder close = new StringBuilder(depth * 2);
        for (int i = 0; i < depth; i++) {
            boolean array = switch (shape) {
                case 0 -> true;
                case 1 -> false;
                default -> r.nextBoolean();
            };
            if (array) {
                open.append('[');
                close.append(']');
            } else {
                open.append("{\"a\":");
                close.append('}');
            }
        }
        return open + "1" + close.reverse();
    }

    static void deepJson(Case c, Random r) {
        int depth = (int) Math.round(Math.exp(Math.log(10) + r.nextDouble() * (Math.log(5000) - Math.log(10))));
        String deep = nested(depth, r, r.nextInt(3));
        boolean unbalanced = r.nextInt(5) == 0;
        if (unbalanced) {
            deep = deep.substring(0, deep.length() / 2 + 1);
        }
        c.detail = "deep json depth " + depth + (unbalanced ? " unbalanced" : "");
        LinkedHashMap<String, V> m = baseline(c.endpoint, r);
        if (c.endpoint.kind() == Endpoint.Kind.ONLINE) {
            // online queries read the query string: put the nesting there, kept under the request-line limit
            String field = pick(r, c.endpoint.fields());
            m.put(field, V.str(deep.length() > 3_000 ? deep.substring(0, 3_000) : deep));
            encode(c, m, Style.FORM, r);
            return;
        }
        int where = r.nextInt(4);
        if (where == 0) {
            c.method = "POST";
            c.target = c.endpoint.path();
            c.contentType("application/json");
            c.body = deep.getBytes(StandardCharsets.UTF_8);
            c.detail += " as body";
            return;
        }
        String field = pick(r, c.endpoint.fields());
        if (where == 1) {
            m.put(field, V.raw(deep));
            c.detail += " in " + field;
            encode(c, m, Style.JSON, r);
        } else {
            // as text: the fields that carry JSON (token, roomCount, a JSON msg) parse it again
            String inner = c.endpoint.call().equals("connect") ? "token"
                    : c.endpoint.call().equals("online") ? "roomCount" : field;
            m.put(inner, V.str(deep));
            c.detail += " as text in " + inner;
            encode(c, m, where == 2 ? Style.JSON : Style.FORM, r);
        }
    }

    static final V[] WRONG = {
        V.str("abc"), V.str(""), V.str(" "), V.str("1.5"), V.str("1e3"), V.str("0x1F"), V.str("12abc"), V.str("+5"),
        V.str(" 7 "), V.str("\uFF11\uFF12\uFF13"), V.str("\u0661\u0662\u0663"), V.str("true"), V.str("null"),
        V.str("[1,2]"), V.str("{}"), V.str("-"), V.str("--1"), V.str("1,2,,3"), V.str(",,,"), V.str("1 2"),
        V.str("\u0000"), V.str("\t"), V.str("١"), V.str("٣٢١"),
        V.raw("true"), V.raw("false"), V.raw("1.5"), V.raw("-0.0"), V.raw("3.0"), V.raw("1E2"), V.raw("{}"),
        V.raw("{\"a\":1}"), V.raw("{\"mid\":1}"), V.raw("[]"), V.raw("[[]]"), V.raw("[null]"), V.raw("[true,false]"),
        V.raw("[1.5]"), V.raw("[{\"a\":1}]"), V.raw("[\"1\",\"2\"]"), V.raw("null"), V.raw("[[1,2],[3]]"),
        V.raw("{\"\":null}"), V.raw("123"), V.raw("-7"), V.raw("0"), V.raw("[\"\"]"), V.raw("[\" \"]"),
    };

    static void wrongTypes(Case c, Random r) {
        LinkedHashMap<String, V> m = baseline(c.endpoint, r);
        List<String> fields = new ArrayList<>(c.endpoint.fields());
        StringBuilder what = new StringBuilder("wrong types:");
        for (int i = 0, n = 1 + r.nextInt(fields.size()); i < n; i++) {
            String field = pick(r, fields);
            V value = WRONG[r.nextInt(WRONG.length)];
            if (field.equals("token") && r.nextBoolean()) {
                LinkedHashMap<String, V> token = new LinkedHashMap<>();
                token.put("mid", V.num(1));
                token.put("key", V.str("k"));
                token.put(pick(r, "mid", "key", "room_id", "platform", "accepts"), value);
                if (r.nextBoolean()) {
                    token.put("accepts", V.list(List.of(WRONG[r.nextInt(WRONG.length)])));
                }
                value = r.nextBoolean() ? V.obj(token) : V.str(objectJson(token));
                what.append(" token.*");
            } else if (field.equals("roomCount") && r.nextBoolean()) {
                LinkedHashMap<String, V> rooms = new LinkedHashMap<>();
                rooms.put(pick(r, "live://1", "", " ", "x", "\u0000"), value);
                value = r.nextBoolean() ? V.obj(rooms) : V.str(objectJson(rooms));
                what.append(" roomCount.*");
            } else if ((field.equals("mids") || field.equals("keys") || field.equals("rooms")) && r.nextBoolean()) {
                value = V.list(List.of(V.num(1), value));
                what.append(' ').append(field).append("[1]");
            } else {
                what.append(' ').append(field);
            }
            m.put(field, value);
        }
        c.detail = what.toString();
        encode(c, m, style(r), r);
    }

    static final String[] HUGE = {
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967296", "1e400", "-1e400", "1e-400",
        "99999999999999999999999", "-99999999999999999999999", "-0", "0", "-1", "NaN", "-NaN", "Infinity",
        "-Infinity", "+1", "1.0", "1E2", "0.1", "00012", "-0.0", "0e0", "4.9e-324", "1.7976931348623157e309",
        "1e99999999999", "0x7fffffff", "1_000", "١٠٠٠", "１０００", " 1000", "1000 ", "1,000", "10e", "--0",
        "18446744073709551616", "-9223372036854775808.5", "9223372036854775807.0", "1e19", "-1e19",
    };

    static String hugeNumber(Random r) {
        int p = r.nextInt(20);
        if (p == 0) {
            return "9".repeat(1_000 + r.nextInt(1_200)); // around Jackson's 1000-digit limit
        }
        if (p == 1) {
            return "0." + "1".repeat(500 + r.nextInt(1_000));
        }
        return pick(r, HUGE);
    }

    static void hugeNumbers(Case c, Random r) {
        LinkedHashMap<String, V> m = baseline(c.endpoint, r);
        List<String> numeric = c.endpoint.numeric().isEmpty() ? List.of("operation", "limit", "mid")
                : c.endpoint.numeric();
        StringBuilder what = new StringBuilder("huge numbers:");
        for (int i = 0, n = 1 + r.nextInt(numeric.size()); i < n; i++) {
            String field = pick(r, numeric);
            String number = hugeNumber(r);
            V value = r.nextInt(3) == 0 ? V.str(number) : V.raw(number);
            what.append(' ').append(field).append('=').append(number.length() > 30 ? number.length() + " digits"
                    : number);
            switch (field) {
                case "token.mid", "token.accepts" -> {
                    LinkedHashMap<String, V> token = new LinkedHashMap<>();
                    token.put("key", V.str("fuzz-key-" + r.nextInt(100)));
                    token.put(field.substring(6), field.endsWith("accepts") ? V.list(List.of(value)) : value);
                    m.put("token", r.nextBoolean() ? V.obj(token) : V.str(objectJson(token)));
                }
                case "roomCount.value" -> {
                    LinkedHashMap<String, V> rooms = new LinkedHashMap<>();
                    rooms.put("live://fuzz-huge", value);
                    m.put("roomCount", r.nextBoolean() ? V.obj(rooms) : V.str(objectJson(rooms)));
                }
                case "mids" -> m.put("mids", r.nextBoolean() ? value : V.list(List.of(V.num(5), value)));
                default -> m.put(field, value);
            }
        }
        c.detail = what.toString();
        encode(c, m, style(r), r);
    }

    static String bigText(Random r, int length) {
        StringBuilder text = new StringBuilder(length + 1);
        int[] alphabet = (r.nextBoolean() ? "abcdefghij" : "aé日😀 ,\"\\%&=+").codePoints().toArray();
        while (text.length() < length) {
            text.appendCodePoint(alphabet[r.nextInt(alphabet.length)]);
        }
        return text.toString();
    }

    static void enormousFields(Case c, Random r) {
        LinkedHashMap<String, V> m = baseline(c.endpoint, r);
        boolean online = c.endpoint.kind() == Endpoint.Kind.ONLINE;
        int how = r.nextInt(6);
        String field = pick(r, c.endpoint.fields());
        switch (how) {
            case 0 -> {
                c.detail = "empty fields";
                for (String name : c.endpoint.fields()) {
                    m.put(name, r.nextBoolean() ? V.str("") : V.raw(pick(r, "[]", "{}", "\"\"", "[\"\"]", "null")));
                }
            }
            case 1 -> {
                int length = online ? 3_500 : 100_000;
                c.detail = length + "-char " + field;
                m.put(field, V.str(bigText(r, length)));
            }
            case 2 -> {
                int count = online ? 800 : 20_000;
                c.detail = count + "-element " + field;
                List<V> items = new ArrayList<>(count);
                boolean numbers = r.nextBoolean();
                for (int i = 0; i < count; i++) {
                    items.add(numbers ? V.num(i + 1) : V.str(Integer.toString(i)));
                }
                if (field.equals("token")) {
                    LinkedHashMap<String, V> token = new LinkedHashMap<>();
                    token.put("mid", V.num(1));
                    token.put("accepts", V.list(items));
                    m.put("token", r.nextBoolean() ? V.obj(token) : V.str(objectJson(token)));
                } else {
                    m.put(field, V.list(items));
                }
            }
            case 3 -> {
                int length = online ? 3_000 : 10_000;
                c.detail = length + "-char field name";
                m.put(bigText(r, length), V.str("x"));
                if (field.equals("roomCount") || field.equals("token")) {
                    LinkedHashMap<String, V> inner = new LinkedHashMap<>();
                    inner.put(bigText(r, length), V.num(1));
                    m.put(field, V.obj(inner));
                    c.detail += " and key in " + field;
                }
            }
            case 4 -> {
                int count = online ? 300 : 5_000;
                c.detail = count + " extra fields";
                for (int i = 0; i < count; i++) {
                    m.put("f" + i, V.num(i));
                }
            }
            default -> {
                int length = online ? 3_000 : 100_000;
                c.detail = length + "-char value in every field";
                for (String name : c.endpoint.fields()) {
                    m.put(name, V.str(bigText(r, length / c.endpoint.fields().size())));
                }
            }
        }
        encode(c, m, style(r), r);
    }
}
