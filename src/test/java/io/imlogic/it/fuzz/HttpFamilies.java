package io.imlogic.it.fuzz;

import io.imlogic.it.fuzz.Fields.Style;
import io.imlogic.it.fuzz.Fields.V;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static io.imlogic.it.fuzz.Fields.baseline;
import static io.imlogic.it.fuzz.Fields.enc;
import static io.imlogic.it.fuzz.Fields.encode;
import static io.imlogic.it.fuzz.Fields.formOf;
import static io.imlogic.it.fuzz.Fields.objectJson;
import static io.imlogic.it.fuzz.Fields.style;
import static io.imlogic.it.fuzz.FuzzText.escape;
import static io.imlogic.it.fuzz.FuzzText.pick;
import static io.imlogic.it.fuzz.FuzzText.randomPrintable;
import static io.imlogic.it.fuzz.JsonFamilies.bigText;

/**
 * Malformed-input families about the request around the fields: content types, methods, unknown paths, query-string
 * lists, random bytes, and bodies over and right at IM_MAX_BODY_BYTES.
 */
final class HttpFamilies {

    private static final int MIB = 1 << 20;

    private HttpFamilies() {
    }

    static final String[] CONTENT_TYPES = {
        "application/xml", "text/xml", "multipart/form-data", "multipart/form-data; boundary=XyZ",
        "multipart/mixed; boundary=XyZ", "MULTIPART/FORM-DATA; boundary=", "image/png",
        "application/json; charset=latin1", "application/json; charset=ISO-8859-1", "application/json; charset=utf-16",
        "application/json; charset=\"utf-8\"", "application/json; charset=UTF-8", "application/json;charset=",
        "application/json; charset", "application/json; charset=utf-8; charset=latin1", "application/json; boundary=x",
        "application/x-www-form-urlencoded; charset=latin1", "application/x-www-form-urlencoded; charset=utf-8",
        "text/plain; charset=utf-16", "text/plain; charset=UTF8", "application/octet-stream",
        "application/problem+json", "application/+json", "application/json-patch+json", "text/json", "text/html",
        "*/*", "", " ", ";", ";;;", "/", "application/", "/json", "json", "a/b/c", "application/json, text/plain",
        "application/json;;;", "charset=utf-8", "APPLICATION/JSON", "Application/X-WWW-Form-Urlencoded",
        "\tapplication/json\t", "application/json\t; charset=utf-8", "application/json; charset=utf-8 ; q=1",
        "application/x-www-form-urlencoded\u0000", "application/json\u0001", "application/jsön",
        "text/plain; charset=\u00e9", "multipart/form-data; boundary=\"\"", "application/x-www-form-urlencoded;",
        "application/x-www-form-urlencodedX", "application/jsonx", "text/plainx",
    };

    static void contentTypes(Case c, Random r) {
        LinkedHashMap<String, V> m = baseline(c.endpoint, r);
        int how = r.nextInt(10);
        String type;
        if (how == 0) {
            type = randomPrintable(r, 1 + r.nextInt(40));
        } else if (how == 1) {
            type = pick(r, "x".repeat(5_000), "application/json; " + "a=b;".repeat(1_000),
                    "application/json; charset=" + "u".repeat(3_000));
        } else {
            type = pick(r, CONTENT_TYPES);
        }
        Style style = r.nextBoolean() ? Style.JSON : Style.FORM;
        encode(c, m, style, r);
        c.headers.clear();
        if (c.endpoint.kind() == Endpoint.Kind.ONLINE) {
            c.body = objectJson(m).getBytes(StandardCharsets.UTF_8);
            if (r.nextBoolean()) {
                c.method = "POST";
            }
        }
        c.contentType(type);
        if (r.nextInt(8) == 0) {
            c.contentType(pick(r, CONTENT_TYPES));
            c.detail = "two content types";
        } else {
            c.detail = "content type";
        }
        if (r.nextInt(8) == 0) {
            c.headers.add(new String[] {"Content-Encoding", pick(r, "gzip", "deflate", "br", "identity", "x-junk",
                    "gzip, gzip")});
            c.detail += " + content encoding";
        }
        if (type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data; boundary=xyz") && r.nextBoolean()) {
            c.body = ("--XyZ\r\nContent-Disposition: form-data; name=\"msg\"\r\n\r\nhello\r\n"
                    + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                    + "Content-Type: text/plain\r\n\r\n" + "A".repeat(r.nextInt(50_000)) + "\r\n--XyZ--\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            c.detail += " (real multipart body)";
            c.forceRaw = true; // refused before the body is read: see overLimit
        } else if (type.startsWith("image/png") && r.nextBoolean()) {
            byte[] png = new byte[64 + r.nextInt(2_000)];
            r.nextBytes(png);
            System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 0, png, 0, 8);
            c.body = png;
            c.detail += " (png bytes)";
        }
    }

    static void wrongMethod(Case c, Random r) {
        LinkedHashMap<String, V> m = baseline(c.endpoint, r);
        encode(c, m, style(r), r);
        if (c.endpoint.kind() == Endpoint.Kind.ONLINE) {
            c.method = pick(r, "POST", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO",
                    "CONNECT", "get");
            if (r.nextBoolean()) {
                c.contentType(r.nextBoolean() ? "application/json" : "application/x-www-form-urlencoded");
                c.body = (r.nextBoolean() ? objectJson(m) : formOf(m, r)).getBytes(StandardCharsets.UTF_8);
            }
        } else {
            c.method = pick(r, "GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO", "CONNECT",
                    "post", "PROPFIND", "M-SEARCH");
            if (r.nextInt(3) == 0) {
                c.body = null;
                c.headers.clear();
            }
        }
        c.detail = "method " + c.method;
    }

    static void unknownPath(Case c, Random r) {
        c.endpoint = null;
        c.kind = Endpoint.Kind.NONE;
        int how = r.nextInt(10);
        String path;
        if (how == 0) {
            path = "/" + "a/".repeat(1 + r.nextInt(1_400));
        } else if (how == 1) {
            path = "/" + randomPrintable(r, 1 + r.nextInt(60)).replace(' ', '_');
        } else {
            path = pick(r, Endpoint.UNKNOWN_PATHS);
        }
        c.target = path + (r.nextBoolean() ? "" : "?mids=1&msg=x&" + pick(r, "a=%ZZ", "b", "&&", "c=1"));
        c.method = pick(r, "GET", "POST", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH");
        if (!c.method.equals("GET") && !c.method.equals("HEAD") && r.nextBoolean()) {
            c.contentType(pick(r, "application/json", "application/x-www-form-urlencoded", "text/plain"));
            c.body = "{\"mids\":[1],\"msg\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        }
        c.detail = "unknown path";
    }

    static void queryStyle(Case c, Random r) {
        LinkedHashMap<String, V> m = baseline(c.endpoint, r);
        String[] listGarbage = {",", ",,,", "1,,2", " 1", "1 ", "1;2", "1%2C2", "%201", "+1", "1,-1", "0", "1,abc",
            ",1,", "1,1,1,1", "\u00a01", "1\t2", "9223372036854775807,9223372036854775808"};
        StringBuilder query = new StringBuilder(formOf(m, r));
        StringBuilder what = new StringBuilder("query style:");
        for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
            String field = pick(r, c.endpoint.fields());
            String value = pick(r, listGarbage);
            boolean encoded = r.nextBoolean();
            query.append(query.length() == 0 ? "" : "&").append(field).append('=')
                    .append(encoded ? enc(value) : value.replace(" ", "+"));
            what.append(' ').append(field).append('=').append(escape(value, 20));
        }
        if (r.nextInt(5) == 0) {
            String field = pick(r, c.endpoint.fields());
            query.append(("&" + field + "=1").repeat(1 + r.nextInt(300)));
            what.append(" + repeated ").append(field);
        }
        boolean online = c.endpoint.kind() == Endpoint.Kind.ONLINE;
        c.method = online ? "GET" : "POST";
        c.target = c.endpoint.path() + "?" + query;
        if (!online) {
            c.contentType(pick(r, "text/plain", null, "application/octet-stream", "text/plain; charset=utf-8"));
            int body = r.nextInt(4);
            c.body = body == 0 ? null : body == 1 ? new byte[0]
                    : bigText(r, 1 + r.nextInt(body == 2 ? 100 : 20_000)).getBytes(StandardCharsets.UTF_8);
        }
        c.detail = what.toString();
    }

    static void randomBytes(Case c, Random r) {
        byte[] body = new byte[r.nextInt(r.nextBoolean() ? 64 : 20_000)];
        r.nextBytes(body);
        c.method = c.endpoint.kind() == Endpoint.Kind.ONLINE ? pick(r, "GET", "POST") : "POST";
        c.target = c.endpoint.path();
        c.contentType(pick(r, "application/json", "application/x-www-form-urlencoded", "text/plain", null,
                "application/octet-stream", "multipart/form-data; boundary=" + randomPrintable(r, 8)));
        c.body = body;
        c.detail = "random bytes";
    }

    /** Bodies over IM_MAX_BODY_BYTES: a 413, as JSON, whether the length is announced or the body streams. */
    static Case overLimit(int index, long seed, Random r) {
        Endpoint e = Endpoint.ALL.stream().filter(x -> x.kind() != Endpoint.Kind.ONLINE).toList()
                .get(r.nextInt(12));
        Case c = new Case(index, seed, "OVER_LIMIT", "");
        c.endpoint = e;
        c.kind = e.kind();
        int size = MIB + 1 + r.nextInt(MIB);
        int how = r.nextInt(4);
        String big = "a".repeat(size);
        switch (how) {
            case 0 -> {
                c.contentType("application/json");
                c.body = ("{\"mids\":[1],\"keys\":[\"k\"],\"operation\":1,\"type\":\"t\",\"room\":\"r\",\"msg\":\""
                        + big + "\"}").getBytes(StandardCharsets.UTF_8);
            }
            case 1 -> {
                c.contentType("application/x-www-form-urlencoded");
                c.body = ("mids=1&keys=k&operation=1&type=t&room=r&msg=" + big).getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> {
                c.contentType("text/plain");
                c.body = big.getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                c.contentType("multipart/form-data; boundary=XyZ");
                c.body = ("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\r\n" + big
                        + "\r\n--XyZ--\r\n").getBytes(StandardCharsets.UTF_8);
            }
        }
        c.target = e.path() + (how == 2 ? "?mids=1&keys=k&operation=1&type=t&room=r" : "");
        // no length known up front when chunked: the limit must then be enforced while the body streams
        c.chunked = r.nextBoolean();
        if (!c.chunked && r.nextInt(3) == 0) {
            c.headers.add(new String[] {"Expect", "100-continue"});
        }
        // The server may answer before it read the whole body, which is right, but JDK 17's HttpClient then either
        // waits forever (with Expect: 100-continue) or pools a connection it never finished writing, and a later
        // request on it fails: these go over a fresh raw socket each.
        c.forceRaw = true;
        c.detail = "over limit (" + c.body.length + " B" + (c.chunked ? ", chunked" : "") + ")";
        return c;
    }

    /**
     * Bodies right at IM_MAX_BODY_BYTES (1 MiB), which the API accepts: the push must still be delivered (checked by
     * the health test), so a msg that fits the body limit must also fit a Kafka record.
     */
    static Case atLimit(int index, long seed, Random r) {
        List<Endpoint> pushes = Endpoint.ALL.stream().filter(x -> x.kind() == Endpoint.Kind.PUSH).toList();
        Endpoint e = pushes.get(r.nextInt(pushes.size()));
        Case c = new Case(index, seed, "AT_LIMIT", "");
        c.endpoint = e;
        c.kind = e.kind();
        int size = MIB - r.nextInt(2);
        String fields = switch (e.call()) {
            case "mids" -> "mids=" + (700_000_000_000L + index);
            case "keys" -> "keys=fuzz-limit-" + index;
            case "room" -> "operation=1&type=live&room=fuzz-limit";
            default -> "operation=1";
        };
        if (r.nextBoolean()) {
            c.target = e.path() + "?" + fields;
            c.contentType("text/plain");
            c.body = "m".repeat(size).getBytes(StandardCharsets.UTF_8);
        } else {
            c.target = e.path();
            c.contentType("application/json");
            String head = "{\"" + fields.replace("=", "\":\"").replace("&", "\",\"") + "\",\"msg\":\"";
            c.body = (head + "m".repeat(size - head.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        c.detail = "at limit (" + c.body.length + " B)";
        return c;
    }
}
