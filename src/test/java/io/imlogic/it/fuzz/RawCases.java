package io.imlogic.it.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

import static io.imlogic.it.fuzz.FuzzText.latin1Bytes;

/** The hand-written HTTP-level cases: requests malformed at the protocol level, written byte for byte. */
final class RawCases {

    private RawCases() {
    }

    /**
     * A request written byte for byte. {@code codec}: may be refused by the HTTP codec with an empty 400/414/431
     * (the exemptions {@link Judge} lists); {@code mayClose}: may also be answered by closing the connection.
     */
    record RawCase(String name, String method, String text, byte[] body, boolean codec, boolean mayClose,
                   boolean versionReject) {
        RawCase(String name, String method, String text, byte[] body, boolean codec, boolean mayClose) {
            this(name, method, text, body, codec, mayClose, false);
        }

        byte[] bytes(int port) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(latin1Bytes(text.replace("{PORT}", Integer.toString(port))));
            if (body != null) {
                out.writeBytes(body);
            }
            return out.toByteArray();
        }

        /** The case to send and judge: the bytes as they are, flagged as the record says. */
        Case toCase(int index, int port) {
            Case c = new Case(index, 0, "RAW_HTTP", "RAW " + name);
            c.raw = bytes(port);
            c.codec = codec;
            c.mayClose = mayClose;
            c.versionReject = versionReject;
            c.method = method;
            c.target = name;
            return c;
        }
    }

    /** @param seed the master seed (for the binary-garbage case) */
    static List<RawCase> rawCases(long seed) {
        String host = "Host: 127.0.0.1:{PORT}\r\n";
        String json = "{\"mids\":[1],\"msg\":\"x\"}";
        String jsonHead = "Content-Type: application/json\r\nContent-Length: " + json.length() + "\r\n";
        String close = "Connection: close\r\n\r\n";
        List<RawCase> cases = new ArrayList<>();
        BiConsumer<String, String> codec = (name, text) -> cases.add(new RawCase(name, "POST", text, null, true,
                false));
        BiConsumer<String, String> route = (name, text) -> cases.add(new RawCase(name, text.substring(0,
                Math.max(0, text.indexOf(' '))), text, null, false, false));

        codec.accept("header name with a space", "POST /im/push/mids HTTP/1.1\r\n" + host + "Bad Header: 1\r\n"
                + jsonHead + close + json);
        codec.accept("header name with a control char", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "X-\u0001: 1\r\n" + jsonHead + close + json);
        codec.accept("header name with non-ASCII bytes", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "X-\u00c3\u00a9: 1\r\n" + jsonHead + close + json);
        codec.accept("header line without a colon", "POST /im/push/mids HTTP/1.1\r\n" + host + "NoColonHere\r\n"
                + jsonHead + close + json);
        codec.accept("empty header name", "POST /im/push/mids HTTP/1.1\r\n" + host + ": value\r\n" + jsonHead
                + close + json);
        codec.accept("header value with \\x01", "POST /im/push/mids HTTP/1.1\r\n" + host + "X-A: a\u0001b\r\n"
                + jsonHead + close + json);
        codec.accept("header value with DEL", "POST /im/push/mids HTTP/1.1\r\n" + host + "X-A: a\u007fb\r\n"
                + jsonHead + close + json);
        codec.accept("header value with NUL", "POST /im/push/mids HTTP/1.1\r\n" + host + "X-A: a\u0000b\r\n"
                + jsonHead + close + json);
        codec.accept("content type with a control char", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "Content-Type: application/json\u0001\r\nContent-Length: " + json.length() + "\r\n" + close + json);
        codec.accept("obs-fold continuation line", "POST /im/push/mids HTTP/1.1\r\n" + host + "X-A: a\r\n  b\r\n"
                + jsonHead + close + json);
        route.accept("header value with obs-text bytes", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "X-A: \u00ff\u00fe\u00e9\r\n" + jsonHead + close + json);
        route.accept("content type with non-ASCII bytes", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "Content-Type: application/j\u00c3\u00a9son\r\nContent-Length: " + json.length() + "\r\n" + close
                + json);
        route.accept("content type with bad UTF-8 bytes", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "Content-Type: text/plain; charset=\u00ff\r\nContent-Length: 1\r\n" + close + "x");
        codec.accept("header 70 kB", "POST /im/push/mids HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(70_000)
                + "\r\n" + jsonHead + close + json);
        codec.accept("200 headers of 500 B", "POST /im/push/mids HTTP/1.1\r\n" + host
                + ("X-Many: " + "m".repeat(500) + "\r\n").repeat(200) + jsonHead + close + json);
        codec.accept("request line 10 kB", "GET /im/online/room?type=live&rooms=" + "1,".repeat(5_000)
                + " HTTP/1.1\r\n" + host + close);
        codec.accept("raw non-ASCII bytes in path", "POST /im/push/m\u00c3\u00a9ds HTTP/1.1\r\n" + host + jsonHead
                + close + json);
        codec.accept("raw \\xFF in path", "POST /im/push/\u00ffmids HTTP/1.1\r\n" + host + jsonHead + close + json);
        codec.accept("raw UTF-8 in query", "POST /im/push/mids?mids=1&msg=\u00c3\u00a9t\u00c3\u00a9 HTTP/1.1\r\n"
                + host + "Content-Type: text/plain\r\nContent-Length: 0\r\n" + close);
        codec.accept("raw \\xFF in query", "POST /im/push/mids?mids=1&msg=\u00ff HTTP/1.1\r\n" + host
                + "Content-Type: text/plain\r\nContent-Length: 0\r\n" + close);
        codec.accept("raw \\xC0\\xAF in query name", "GET /im/online/top?type=live&limit=1&\u00c0\u00af=1 HTTP/1.1\r\n"
                + host + close);
        codec.accept("raw NUL in path", "POST /im/push/mids\u0000 HTTP/1.1\r\n" + host + jsonHead + close + json);
        codec.accept("raw tab and quote in query", "GET /im/online/top?type=\"live\"&limit=\t1 HTTP/1.1\r\n" + host
                + close);
        route.accept("HTTP/1.0 without Host", "POST /im/push/mids HTTP/1.0\r\n" + jsonHead + "\r\n" + json);
        route.accept("HTTP/1.0 GET online without Host", "GET /im/online/total HTTP/1.0\r\n\r\n");
        route.accept("HTTP/1.0 unknown path without Host", "GET /nope HTTP/1.0\r\n\r\n");
        codec.accept("HTTP/1.1 without Host", "POST /im/push/mids HTTP/1.1\r\n" + jsonHead + close + json);
        codec.accept("two Host headers", "POST /im/push/mids HTTP/1.1\r\n" + host + "Host: other\r\n" + jsonHead
                + close + json);
        codec.accept("Host [::1 (invalid)", "POST /im/push/mids HTTP/1.1\r\nHost: [::1\r\n" + jsonHead + close
                + json);
        codec.accept("Host a:b:c (invalid)", "POST /im/push/mids HTTP/1.1\r\nHost: a:b:c\r\n" + jsonHead + close
                + json);
        codec.accept("Host with port 99999", "POST /im/push/mids HTTP/1.1\r\nHost: h:99999\r\n" + jsonHead + close
                + json);
        codec.accept("Host empty", "GET /im/online/total HTTP/1.1\r\nHost:\r\n" + close);
        codec.accept("Host with a space", "GET /im/online/total HTTP/1.1\r\nHost: a b\r\n" + close);
        codec.accept("conflicting Content-Length", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "Content-Type: application/json\r\nContent-Length: " + json.length() + "\r\nContent-Length: 3\r\n"
                + close + json);
        codec.accept("Content-Length -5", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "Content-Type: application/json\r\nContent-Length: -5\r\n" + close + json);
        codec.accept("Content-Length abc", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "Content-Type: application/json\r\nContent-Length: abc\r\n" + close + json);
        codec.accept("Content-Length 99999999999999999999", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "Content-Type: application/json\r\nContent-Length: 99999999999999999999\r\n" + close + json);
        route.accept("chunked and Content-Length", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "Content-Type: application/json\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n" + close
                + Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n");
        cases.add(new RawCase("bad chunk size", "POST", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n" + close + "zz\r\n" + json
                + "\r\n0\r\n\r\n", null, true, true));
        cases.add(new RawCase("chunk size overflowing int", "POST", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n" + close + "fffffffffffffffff\r\n"
                + json + "\r\n0\r\n\r\n", null, true, true));
        codec.accept("unknown Transfer-Encoding", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "Content-Type: application/json\r\nTransfer-Encoding: foo\r\n" + close + json);
        route.accept("chunked, 2 MiB streamed", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n" + close
                + ("8000\r\n" + "c".repeat(0x8000) + "\r\n").repeat(64) + "0\r\n\r\n");
        route.accept("chunked with extensions and trailers", "POST /im/push/all?operation=1 HTTP/1.1\r\n" + host
                + "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n" + close
                + "5;ext=\"x\"\r\nhello\r\n0\r\nX-Trailer: 1\r\n\r\n");
        cases.add(new RawCase("garbage request line", "GARBAGE", "GARBAGE\r\n\r\n", null, true, true));
        byte[] binary = new byte[512];
        new Random(seed).nextBytes(binary);
        cases.add(new RawCase("binary garbage", "?", "", binary, true, true));
        codec.accept("request line without version", "GET /im/online/total\r\n" + host + close);
        cases.add(new RawCase("HTTP/9.9", "GET", "GET /im/online/total HTTP/9.9\r\n" + host + close, null, true,
                false, true));
        codec.accept("HTTP/1.1x", "GET /im/online/total HTTP/1.1x\r\n" + host + close);
        cases.add(new RawCase("HTTP/2.0 in an HTTP/1 request line", "POST", "POST /im/push/mids HTTP/2.0\r\n" + host
                + jsonHead + close + json, null, true, false, true));
        route.accept("lower-case method post", "post /im/push/mids HTTP/1.1\r\n" + host + jsonHead + close + json);
        route.accept("method FOO", "FOO /im/push/mids HTTP/1.1\r\n" + host + jsonHead + close + json);
        route.accept("method CONNECT", "CONNECT /im/push/mids HTTP/1.1\r\n" + host + close);
        route.accept("method HEAD on push", "HEAD /im/push/mids HTTP/1.1\r\n" + host + close);
        route.accept("method OPTIONS *", "OPTIONS * HTTP/1.1\r\n" + host + close);
        route.accept("absolute-form target", "POST http://127.0.0.1:{PORT}/im/push/mids HTTP/1.1\r\n" + host
                + jsonHead + close + json);
        route.accept("absolute-form target, other host", "GET http://elsewhere.example/im/online/total HTTP/1.1\r\n"
                + host + close);
        route.accept("target with a fragment", "GET /im/online/total#frag HTTP/1.1\r\n" + host + close);
        route.accept("target without a slash", "GET im/online/total HTTP/1.1\r\n" + host + close);
        route.accept("Expect: 100-continue, small body", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "Expect: 100-continue\r\n" + jsonHead + close + json);
        route.accept("Expect: something else", "POST /im/push/mids HTTP/1.1\r\n" + host + "Expect: nonsense\r\n"
                + jsonHead + close + json);
        route.accept("Upgrade: websocket on a push", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + jsonHead + "\r\n" + json);
        route.accept("Upgrade: h2c on a push", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n"
                + jsonHead + "\r\n" + json);
        route.accept("two Content-Type headers", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "Content-Type: text/plain\r\n" + jsonHead + close + json);
        route.accept("Content-Length 0 with JSON type", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "Content-Type: application/json\r\nContent-Length: 0\r\n" + close);
        route.accept("Content-Encoding gzip, not gzip", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "Content-Encoding: gzip\r\n" + jsonHead + close + json);
        route.accept("Camel headers as HTTP headers", "POST /im/push/mids HTTP/1.1\r\n" + host
                + "CamelHttpResponseCode: abc\r\nCamelHttpMethod: GET\r\nkafka.KEY: x\r\nkafka.OVERRIDE_TOPIC: evil\r\n"
                + jsonHead + close + json);
        route.accept("double spaces in the request line", "POST  /im/push/mids  HTTP/1.1\r\n" + host + jsonHead
                + close + json);
        codec.accept("LF-only line endings", ("POST /im/push/mids HTTP/1.1\n" + host + jsonHead + close)
                .replace("\r\n", "\n") + json);
        route.accept("pipelined second request", "POST /im/push/mids HTTP/1.1\r\n" + host + jsonHead + "\r\n" + json
                + "GET /nope HTTP/1.1\r\n" + host + close);
        return cases;
    }
}
