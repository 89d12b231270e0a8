package io.imlogic.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Throws at least 10 000 malformed requests, generated from one seeded {@link Random}, at every endpoint (and at
 * paths that are none) and holds the service to the README's promise: "Errors are JSON and name the field [...]
 * Never a 500 or a stack trace for bad input."
 *
 * <p>A response fails the run when
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
 * <p>Every case gets its own seed drawn from the master seed, so one case is regenerated alone with
 * {@code -Dfuzz.seed=<master> -Dfuzz.case=<index>} (the failure summary prints both). {@code -Dfuzz.cases=N} changes
 * how many cases are generated.
 *
 * <p>Transport: {@link HttpClient} (HTTP/1.1, a fixed pool of 8 threads, a timeout per request) for everything it
 * is willing to send; a raw socket (one fresh connection per request) for what it refuses (malformed percent escapes
 * or raw bytes in the request target, illegal header names or values, restricted headers such as Expect, CONNECT),
 * for bodies the server may refuse before reading them (over-limit and multipart bodies: JDK 17's client then hangs
 * on {@code Expect: 100-continue} or reuses a connection it never finished writing), for a request whose pooled
 * HttpClient connection died (retried once on a fresh socket, counted in the statistics), and for the hand-written
 * HTTP-level cases of {@link #rawCases()}.
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
 *       get the flag by {@link #markHttpLevelMalformations};</li>
 *   <li>for a bad chunk size or a garbage request line, closing the connection without any reply;</li>
 *   <li>for an unknown HTTP version (raw cases "HTTP/9.9", "HTTP/2.0 in an HTTP/1 request line"), Vert.x core's
 *       empty 501, hard-coded in {@code Http1xServerRequestHandler} before any handler of the service can run: the
 *       one 5xx accepted, because the protocol itself is not HTTP/1.x.</li>
 * </ul>
 * Everything else, including every reply once the Vert.x router runs (its route matching, body handler, failure
 * handlers) and every reply of a route, must follow the rules above.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedInputFuzzIT {

    private static final long SEED = Long.getLong("fuzz.seed", 0x5EED_F022_2025L);
    private static final int CASES = Integer.getInteger("fuzz.cases", 10_000);
    /** Runs only this generated case (or raw case, index ≥ CASES) when set. */
    private static final int ONLY = Integer.getInteger("fuzz.case", -1);
    private static final int THREADS = Integer.getInteger("fuzz.threads", 8);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(4);
    private static final int MAX_LISTED = Integer.getInteger("fuzz.listed", 30);
    private static final int MIB = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern URI_SAFE = Pattern.compile("[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]*");
    private static final Pattern PERCENT_OK = Pattern.compile("%[0-9A-Fa-f]{2}");
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "date", "from", "referer", "via", "warning", "transfer-encoding", "te", "trailer", "keep-alive",
            "proxy-connection", "http2-settings");

    private static RunningService service;
    private static HttpClient http;
    private static Jedis redis;
    private static Set<String> redisKeysBefore = Set.of();

    private static final ConcurrentLinkedQueue<Failure> FAILURES = new ConcurrentLinkedQueue<>();
    private static final Map<String, LongAdder> STATUS_BY_CATEGORY = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> TRANSPORTS = new ConcurrentHashMap<>();
    private static final ConcurrentLinkedQueue<String> ACCEPTED_PUSHES = new ConcurrentLinkedQueue<>();
    private static final LongAdder SENT = new LongAdder();
    private static final ConcurrentLinkedQueue<String> SLOW = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<String> RETRIED = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() throws Exception {
        service = RunningService.withDefaults();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        redis = TestRedis.connect();
        redisKeysBefore = redisKeys();
        // one plain request per endpoint first: the 4 s limit is there to catch hangs, and on a loaded machine a
        // route's very first requests (class loading, bean introspection) took 3 to 4 s
        for (Endpoint endpoint : ENDPOINTS) {
            service.send(HttpRequest.newBuilder(service.uri(endpoint.path())).timeout(Duration.ofSeconds(30))
                    .method(endpoint.kind() == EndpointKind.ONLINE ? "GET" : "POST",
                            HttpRequest.BodyPublishers.noBody()).build());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            // the fuzz may have registered sessions and online counts (ol_*) in the shared Redis: drop them, so later
            // test classes' online totals do not include absurd numbers from here
            List<String> created = new ArrayList<>(redisKeys());
            created.removeAll(redisKeysBefore);
            for (int i = 0; i < created.size(); i += 500) {
                List<String> chunk = created.subList(i, Math.min(created.size(), i + 500));
                redis.del(chunk.toArray(String[]::new));
            }
        } finally {
            redis.close();
            service.close();
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // The tests
    // ------------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void malformedRequestsGetJsonErrorsNeverA5xx() throws Exception {
        long started = System.nanoTime();
        List<RawCase> raw = rawCases();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int i = 0; i < CASES; i++) {
                int index = i;
                if (ONLY < 0 || ONLY == index) {
                    pool.execute(() -> runGenerated(index));
                }
            }
            for (int i = 0; i < raw.size(); i++) {
                int index = CASES + i;
                RawCase rawCase = raw.get(i);
                if (ONLY < 0 || ONLY == index) {
                    pool.execute(() -> runRaw(index, rawCase));
                }
            }
        } finally {
            pool.shutdown();
        }
        boolean finished = pool.awaitTermination(120, TimeUnit.SECONDS);
        if (!finished) {
            pool.shutdownNow();
            FAILURES.add(new Failure("fuzz did not finish within 120 s", 0, "-", "-", "-", "", ""));
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();

        System.out.println(statistics(millis));
        List<Failure> failures = new ArrayList<>(FAILURES);
        if (!failures.isEmpty()) {
            fail(summary(failures, SENT.sum(), millis));
        }
    }

    @Test
    @Order(2)
    void theServiceIsStillHealthyAfterTheFuzz() throws Exception {
        long mid = 900_000_000_000L + Math.floorMod(SEED, 1_000_000L);
        HttpResponse<String> response = service.post("/im/push/mids", "application/json",
                "{\"operation\":1000,\"mids\":[" + mid + "],\"msg\":\"still alive\"}");
        assertEquals(202, response.statusCode(), response.body());
        JsonNode reply = JSON.readTree(response.body());
        assertEquals(0, reply.path("code").asInt(), response.body());
        assertEquals(1, reply.path("data").path("mids").asInt(), response.body());

        HttpResponse<String> total = service.send(HttpRequest.newBuilder(service.uri("/im/online/total")).GET()
                .timeout(Duration.ofSeconds(10)).build());
        assertEquals(200, total.statusCode(), total.body());

        long accepted = service.counters().acceptedTotal();
        try {
            service.awaitDelivered(accepted);
        } catch (AssertionError e) {
            List<String> suspects = new ArrayList<>(ACCEPTED_PUSHES);
            suspects.sort(Comparator.comparingInt(MalformedInputFuzzIT::bodySizeOf).reversed());
            throw new AssertionError(e.getMessage() + " (seed " + hex(SEED) + "): the pipeline never delivered "
                    + (accepted - service.counters().delivered()) + " accepted pushes. "
                    + "Largest accepted fuzz pushes:\n  "
                    + String.join("\n  ", suspects.subList(0, Math.min(20, suspects.size()))), e);
        }
        assertEquals(service.counters().acceptedTotal(), service.counters().delivered(),
                "accepted - delivered must drain to 0");
    }

    // ------------------------------------------------------------------------------------------------------------
    // Running one case and judging its response
    // ------------------------------------------------------------------------------------------------------------

    private static void runGenerated(int index) {
        long caseSeed = caseSeed(index);
        Case c;
        try {
            c = generate(index, caseSeed);
        } catch (RuntimeException e) {
            FAILURES.add(new Failure("test bug: generator threw " + e, 0, "generator", "-", repro(index, caseSeed),
                    "", ""));
            return;
        }
        long t0 = System.nanoTime();
        Response response = send(c);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (ms > 1_000) {
            SLOW.add(ms + " ms: " + repro(index, caseSeed) + " " + c.describe(150));
        }
        judge(c, response);
    }

    private static void runRaw(int index, RawCase rawCase) {
        Case c = new Case(index, 0, "RAW_HTTP", "RAW " + rawCase.name());
        c.raw = rawCase.bytes(service.port());
        c.codec = rawCase.codec();
        c.mayClose = rawCase.mayClose();
        c.versionReject = rawCase.versionReject();
        c.method = rawCase.method();
        c.target = rawCase.name();
        Response response = rawExchange(c.raw, c.method.equals("HEAD"));
        TRANSPORTS.computeIfAbsent("raw socket (hand-written)", k -> new LongAdder()).increment();
        SENT.increment();
        judge(c, response);
    }

    /** Applies the rules of the class comment; records every violation. */
    private static void judge(Case c, Response r) {
        STATUS_BY_CATEGORY.computeIfAbsent(c.category + " " + (r.status == 0 ? "none" : r.status),
                k -> new LongAdder()).increment();
        if (r.error != null) {
            if (c.mayClose && r.status == 0) {
                return;
            }
            record(c, r, r.error);
            return;
        }
        int status = r.status;
        if (status == 101 && c.raw != null && new String(c.raw, StandardCharsets.ISO_8859_1).contains("Upgrade:")) {
            return;
        }
        String type = r.contentType == null ? "" : r.contentType.toLowerCase(Locale.ROOT);
        boolean head = "HEAD".equalsIgnoreCase(c.method);
        if (status >= 200 && status < 300) {
            if (c.kind == EndpointKind.PUSH && isPushPath(c.target)) {
                ACCEPTED_PUSHES.add(c.describe(120));
            }
            if (head || r.body.length == 0 && status == 204) {
                return;
            }
            JsonNode json = parse(r.body);
            if (json == null) {
                record(c, r, "2xx body is not JSON");
            } else if (json.path("code").asInt(0) == -500
                    && !json.path("message").asText("").startsWith("overloaded")) {
                record(c, r, "2xx hides an internal error (code -500)");
            }
            return;
        }
        if (status >= 500 && !(c.versionReject && r.body.length == 0 && (status == 501 || status == 505))) {
            record(c, r, "5xx");
            return;
        }
        boolean codecReply = c.codec && r.body.length == 0 && (status == 400 || status == 414 || status == 431);
        if (codecReply || c.versionReject && r.body.length == 0 && (status == 501 || status == 505)) {
            return;
        }
        if (!head) {
            JsonNode json = parse(r.body);
            if (json == null || !json.isObject()) {
                record(c, r, "error body is not a JSON object");
                return;
            }
            if (!json.path("code").isIntegralNumber() || !json.path("message").isTextual()) {
                record(c, r, "error JSON lacks integer code / string message");
                return;
            }
        }
        if (status >= 400 && !type.startsWith("application/json")) {
            record(c, r, "4xx Content-Type is not application/json (" + r.contentType + ")");
        }
    }

    private static boolean isPushPath(String target) {
        return target != null && (target.startsWith("/im/push/") || target.startsWith("/goim/push/"));
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static void record(Case c, Response r, String kind) {
        FAILURES.add(new Failure(kind, r.status, c.category, c.endpointLabel(), repro(c.index, c.seed),
                c.describe(300), r.bodyPrefix()));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Transport
    // ------------------------------------------------------------------------------------------------------------

    /** What came back: a status (0: none), the Content-Type and the body, or what went wrong instead. */
    static final class Response {
        int status;
        String contentType;
        byte[] body = new byte[0];
        String error;

        String bodyPrefix() {
            String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
            return escape(text, 200);
        }
    }

    private static Response send(Case c) {
        SENT.increment();
        if (c.raw == null && !c.forceRaw) {
            HttpRequest request = jdkRequest(c);
            if (request != null) {
                TRANSPORTS.computeIfAbsent("java.net.http.HttpClient", k -> new LongAdder()).increment();
                Response response = new Response();
                try {
                    HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    response.status = answer.statusCode();
                    response.contentType = answer.headers().firstValue("Content-Type").orElse(null);
                    response.body = answer.body() == null ? new byte[0] : answer.body();
                } catch (java.net.http.HttpTimeoutException e) {
                    response.error = "no response within " + REQUEST_TIMEOUT.toSeconds() + " s (hang)";
                } catch (IOException e) {
                    // HttpClient reuses pooled connections and does not retry a POST on one that turned out dead;
                    // say so, then judge the same request on a fresh connection
                    TRANSPORTS.computeIfAbsent("HttpClient I/O error, retried on a raw socket", k -> new LongAdder())
                            .increment();
                    RETRIED.add(e + " on " + repro(c.index, c.seed) + " " + c.describe(100));
                    return rawExchange(rawRequest(c), "HEAD".equalsIgnoreCase(c.method));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    response.error = "interrupted";
                }
                return response;
            }
        }
        if (c.raw == null) {
            c.raw = rawRequest(c);
        }
        TRANSPORTS.computeIfAbsent("raw socket (refused by HttpClient)", k -> new LongAdder()).increment();
        return rawExchange(c.raw, "HEAD".equalsIgnoreCase(c.method));
    }

    /** The request for {@link HttpClient}, or null when it would refuse to send this case as it is. */
    private static HttpRequest jdkRequest(Case c) {
        if (!URI_SAFE.matcher(c.target).matches() || !c.target.startsWith("/")
                || c.target.replaceAll(PERCENT_OK.pattern(), "").contains("%")
                || c.method.equalsIgnoreCase("CONNECT")) {
            return null;
        }
        for (String[] header : c.headers) {
            if (RESTRICTED.contains(header[0].toLowerCase(Locale.ROOT))) {
                return null;
            }
        }
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
                            + c.target))
                    .version(HttpClient.Version.HTTP_1_1)
                    .timeout(REQUEST_TIMEOUT);
            for (String[] header : c.headers) {
                builder.header(header[0], header[1]);
            }
            HttpRequest.BodyPublisher body;
            if (c.body == null) {
                body = HttpRequest.BodyPublishers.noBody();
            } else {
                body = HttpRequest.BodyPublishers.ofByteArray(c.body);
            }
            return builder.method(c.method, body).build();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** HTTP/1.1 request bytes for a case HttpClient refuses: target and header chars are taken as bytes. */
    private static byte[] rawRequest(Case c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder();
        head.append(c.method).append(' ').append(c.target).append(" HTTP/1.1\r\n");
        boolean hasHost = false;
        for (String[] header : c.headers) {
            hasHost |= header[0].equalsIgnoreCase("Host");
            head.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        if (!hasHost) {
            head.append("Host: 127.0.0.1:").append(service.port()).append("\r\n");
        }
        if (c.body != null && c.chunked) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if (c.body != null) {
            head.append("Content-Length: ").append(c.body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        out.writeBytes(latin1Bytes(head));
        if (c.body != null && c.chunked) {
            for (int at = 0; at < c.body.length; at += 32_768) {
                int size = Math.min(32_768, c.body.length - at);
                out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(c.body, at, size);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else if (c.body != null) {
            out.writeBytes(c.body);
        }
        return out.toByteArray();
    }

    /** Each char is one byte: chars above 0xFF are sent as their UTF-8 bytes. */
    private static byte[] latin1Bytes(CharSequence text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch <= 0xFF) {
                out.write(ch);
            } else {
                int cp = Character.codePointAt(text, i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toByteArray();
    }

    /** Writes the bytes on a fresh connection and reads one response (skipping 1xx). */
    static Response rawExchange(byte[] request, boolean head) {
        Response response = new Response();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", service.port()), 5_000);
            socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may answer (413, 431, ...) and close before it read everything: read what it said
            }
            InputStream in = new BufferedInputStream(socket.getInputStream());
            while (true) {
                String statusLine = readLine(in);
                if (statusLine == null) {
                    response.error = "connection closed without a response";
                    return response;
                }
                String[] parts = statusLine.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                    response.error = "not an HTTP response: " + escape(statusLine, 80);
                    return response;
                }
                response.status = Integer.parseInt(parts[1]);
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        headers.merge(line.substring(0, colon).trim(), line.substring(colon + 1).trim(),
                                (a, b) -> a + ", " + b);
                    }
                }
                if (response.status == 101) {
                    return response; // the client asked to upgrade (h2c, websocket) and got it: not HTTP/1 any more
                }
                if (response.status >= 100 && response.status < 200) {
                    continue;
                }
                response.contentType = headers.get("Content-Type");
                if (head || response.status == 204 || response.status == 304) {
                    return response;
                }
                String length = headers.get("Content-Length");
                if ("chunked".equalsIgnoreCase(headers.getOrDefault("Transfer-Encoding", ""))) {
                    response.body = readChunked(in);
                } else if (length != null) {
                    response.body = in.readNBytes(Integer.parseInt(length.trim()));
                } else {
                    response.body = in.readAllBytes();
                }
                return response;
            }
        } catch (SocketTimeoutException e) {
            response.error = "no response within " + REQUEST_TIMEOUT.toSeconds() + " s (hang)";
            response.status = 0;
        } catch (IOException | RuntimeException e) {
            if (response.status == 0) {
                response.error = "connection failed without a response: " + e;
            } else {
                response.error = "response cut short: " + e;
            }
        }
        return response;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                throw new IOException("chunked body cut short");
            }
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                while (true) {
                    String trailer = readLine(in);
                    if (trailer == null || trailer.isEmpty()) {
                        return body.toByteArray();
                    }
                }
            }
            body.writeBytes(in.readNBytes(size));
            readLine(in);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // The cases
    // ------------------------------------------------------------------------------------------------------------

    enum EndpointKind { PUSH, SESSION, ONLINE, NONE }

    /** An endpoint of the README's table; {@code fields} are the ones it reads, optional ones included. */
    record Endpoint(String path, EndpointKind kind, String call, List<String> fields, List<String> numeric) {
    }

    private static final List<Endpoint> ENDPOINTS = new ArrayList<>();

    static {
        for (String prefix : List.of("/im", "/goim")) {
            ENDPOINTS.add(new Endpoint(prefix + "/push/mids", EndpointKind.PUSH, "mids",
                    List.of("operation", "mids", "msg"), List.of("operation", "mids")));
            ENDPOINTS.add(new Endpoint(prefix + "/push/keys", EndpointKind.PUSH, "keys",
                    List.of("operation", "keys", "msg"), List.of("operation")));
            ENDPOINTS.add(new Endpoint(prefix + "/push/room", EndpointKind.PUSH, "room",
                    List.of("operation", "type", "room", "msg"), List.of("operation")));
            ENDPOINTS.add(new Endpoint(prefix + "/push/all", EndpointKind.PUSH, "all",
                    List.of("operation", "speed", "msg"), List.of("operation", "speed")));
            ENDPOINTS.add(new Endpoint(prefix + "/online/top", EndpointKind.ONLINE, "top",
                    List.of("type", "limit"), List.of("limit")));
            ENDPOINTS.add(new Endpoint(prefix + "/online/room", EndpointKind.ONLINE, "rooms",
                    List.of("type", "rooms"), List.of()));
            ENDPOINTS.add(new Endpoint(prefix + "/online/total", EndpointKind.ONLINE, "total",
                    List.of("type"), List.of()));
            ENDPOINTS.add(new Endpoint(prefix + "/nodes/weighted", EndpointKind.ONLINE, "weighted",
                    List.of("platform"), List.of()));
            ENDPOINTS.add(new Endpoint(prefix + "/nodes/instances", EndpointKind.ONLINE, "instances",
                    List.of("platform"), List.of()));
        }
        ENDPOINTS.add(new Endpoint("/im/session/connect", EndpointKind.SESSION, "connect",
                List.of("server", "cookie", "token"), List.of("token.mid", "token.accepts")));
        ENDPOINTS.add(new Endpoint("/im/session/disconnect", EndpointKind.SESSION, "disconnect",
                List.of("mid", "key", "server"), List.of("mid")));
        ENDPOINTS.add(new Endpoint("/im/session/heartbeat", EndpointKind.SESSION, "heartbeat",
                List.of("mid", "key", "server"), List.of("mid")));
        ENDPOINTS.add(new Endpoint("/im/session/online", EndpointKind.SESSION, "online",
                List.of("server", "roomCount", "connCount", "ipCount"),
                List.of("connCount", "ipCount", "roomCount.value")));
    }

    private static final String[] UNKNOWN_PATHS = {
        "/", "/im", "/im/", "/im/push", "/im/push/", "/im/push/mid", "/im/push/midsx", "/im/push/mids/",
        "/im/push/mids/1", "/IM/PUSH/MIDS", "/Im/Push/Mids", "/im//push/mids", "//im/push/mids", "/im/./push/mids",
        "/im/push/../push/mids", "/im/push/%6Dids", "/im/push/mids%2F", "/im/push/mids;x=1", "/im/push/mids.json",
        "/goim", "/goim/", "/goim/push/", "/goim/push/broadcast", "/goim/online/", "/im/online/top/1",
        "/im/online/", "/im/session/", "/im/session/connectx", "/im/session/connect/", "/api-doc/", "/api-docs",
        "/api-doc/../im/push/mids", "/favicon.ico", "/robots.txt", "/.env", "/actuator/health", "/q/health",
        "/metrics", "/%2e%2e/%2e%2e/etc/passwd", "/im/push/mids%00", "/im/push/mids%20", "/~", "/%20",
        "/im/push/all/../../session/connect", "/im/push/%2e%2e/push/mids", "/goim/push/mids/../../../..",
        "/im/push/mids%3F", "/im/push/mids%23", "/im%2Fpush%2Fmids", "/im/push/mi%64s",
    };

    private static final String[] CATEGORIES = {
        "BROKEN_JSON", "DEEP_JSON", "WRONG_TYPES", "HUGE_NUMBERS", "ENORMOUS_FIELDS", "ODD_FORM_NAMES",
        "PERCENT_GARBAGE", "BAD_UTF8", "CONTENT_TYPE", "WRONG_METHOD", "UNKNOWN_PATH", "QUERY_STYLE",
        "RANDOM_BYTES",
    };
    private static final int[] WEIGHTS = {12, 6, 14, 10, 6, 10, 10, 8, 8, 6, 4, 4, 2};

    /** One request to send: everything needed to send it, and to print it. */
    static final class Case {
        final int index;
        final long seed;
        final String category;
        String detail;
        Endpoint endpoint;
        EndpointKind kind = EndpointKind.NONE;
        String method = "POST";
        String target = "/";
        final List<String[]> headers = new ArrayList<>();
        byte[] body;
        boolean chunked;
        /** Sent over the raw socket even though HttpClient would take it (see {@link #send}). */
        boolean forceRaw;
        /** May get Vert.x core's hard-coded empty 501 for an unknown HTTP version. */
        boolean versionReject;
        /** May get an empty 400/414/431 from the HTTP codec (see the class comment). */
        boolean codec;
        /** May see the connection closed without a reply (see the class comment). */
        boolean mayClose;
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

    private static long caseSeed(int index) {
        // every case's seed follows from the master seed and its index alone: a case regenerates without the others
        return new Random(SEED ^ (0x9E3779B97F4A7C15L * (index + 1))).nextLong();
    }

    static Case generate(int index, long seed) {
        Random r = new Random(seed);
        if (index % 1000 == 500) {
            return overLimit(index, seed, r);
        }
        if (index % 1000 == 750) {
            return atLimit(index, seed, r);
        }
        int total = 0;
        for (int w : WEIGHTS) {
            total += w;
        }
        int pick = r.nextInt(total);
        String category = CATEGORIES[CATEGORIES.length - 1];
        for (int i = 0; i < WEIGHTS.length; i++) {
            if (pick < WEIGHTS[i]) {
                category = CATEGORIES[i];
                break;
            }
            pick -= WEIGHTS[i];
        }
        Endpoint endpoint = ENDPOINTS.get(r.nextInt(ENDPOINTS.size()));
        Case c = new Case(index, seed, category, category.toLowerCase(Locale.ROOT));
        c.endpoint = endpoint;
        c.kind = endpoint.kind();
        switch (category) {
            case "BROKEN_JSON" -> brokenJson(c, r);
            case "DEEP_JSON" -> deepJson(c, r);
            case "WRONG_TYPES" -> wrongTypes(c, r);
            case "HUGE_NUMBERS" -> hugeNumbers(c, r);
            case "ENORMOUS_FIELDS" -> enormousFields(c, r);
            case "ODD_FORM_NAMES" -> oddFormNames(c, r);
            case "PERCENT_GARBAGE" -> percentGarbage(c, r);
            case "BAD_UTF8" -> badUtf8(c, r);
            case "CONTENT_TYPE" -> contentTypes(c, r);
            case "WRONG_METHOD" -> wrongMethod(c, r);
            case "UNKNOWN_PATH" -> unknownPath(c, r);
            case "QUERY_STYLE" -> queryStyle(c, r);
            default -> randomBytes(c, r);
        }
        markHttpLevelMalformations(c);
        return c;
    }

    /**
     * Flags a generated case the HTTP codec may refuse before any route (see the class comment): a request line
     * over 4 KiB, raw space, control or non-ASCII bytes in the request target, a header name that is not a token,
     * or a header value with control characters.
     */
    static void markHttpLevelMalformations(Case c) {
        if (c.method.length() + latin1Bytes(c.target).length + 10 > 4_000) {
            c.codec = true;
            // Vert.x answers its 414 without "Connection: close" and then closes: HttpClient would pool the dead
            // connection and fail the next request on it
            c.forceRaw = true;
        }
        for (int i = 0; i < c.target.length(); i++) {
            char ch = c.target.charAt(i);
            if (ch <= 0x20 || ch >= 0x7F) {
                c.codec = true;
            }
        }
        for (String[] header : c.headers) {
            if (!header[0].matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                c.codec = true;
            }
            for (int i = 0; i < header[1].length(); i++) {
                char ch = header[1].charAt(i);
                if (ch < 0x20 && ch != '\t' || ch == 0x7F) {
                    c.codec = true;
                }
            }
        }
    }

    // --- field values ---------------------------------------------------------------------------------------------

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

    private static String server(Random r) {
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

    private static void maybe(Random r, Runnable action) {
        if (r.nextBoolean()) {
            action.run();
        }
    }

    // --- encodings -----------------------------------------------------------------------------------------------

    enum Style { JSON, FORM, QUERY }

    private static Style style(Random r) {
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
        if (e.kind() == EndpointKind.ONLINE) {
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

    // --- categories ------------------------------------------------------------------------------------------------

    private static final String[] JSON_GARBAGE = {
        "}", "]", ",", "x", "{}", "\"", "\u0000", " // comment", "/*", "}}}}", "\n{\"a\":1}", ",}", "]]", ":",
        "\\", "null", "'", "{", "[", "\"\\u12", "\"\\x41\"", " garbage", "\r\n\r\n", "e5", ".5", "true",
    };
    private static final String[] TOP_LEVEL = {
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
        if (c.endpoint.kind() == EndpointKind.ONLINE) {
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
        if (c.endpoint.kind() == EndpointKind.ONLINE) {
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

    private static final V[] WRONG = {
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

    private static final String[] HUGE = {
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967296", "1e400", "-1e400", "1e-400",
        "99999999999999999999999", "-99999999999999999999999", "-0", "0", "-1", "NaN", "-NaN", "Infinity",
        "-Infinity", "+1", "1.0", "1E2", "0.1", "00012", "-0.0", "0e0", "4.9e-324", "1.7976931348623157e309",
        "1e99999999999", "0x7fffffff", "1_000", "١٠٠٠", "１０００", " 1000", "1000 ", "1,000", "10e", "--0",
        "18446744073709551616", "-9223372036854775808.5", "9223372036854775807.0", "1e19", "-1e19",
    };

    private static String hugeNumber(Random r) {
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
        boolean online = c.endpoint.kind() == EndpointKind.ONLINE;
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

    private static final String[] ODD_NAMES = {
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
    private static final String[] ODD_VALUES = {
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
        boolean online = c.endpoint.kind() == EndpointKind.ONLINE;
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

    private static final String[] PERCENT = {
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
        int where = c.endpoint.kind() == EndpointKind.ONLINE ? r.nextInt(2) : r.nextInt(4);
        switch (where) {
            case 0 -> {
                // in the query string: HttpClient refuses most of these, so they go over the raw socket
                c.method = c.endpoint.kind() == EndpointKind.ONLINE ? "GET" : "POST";
                c.target = c.endpoint.path() + "?" + text;
                if (c.endpoint.kind() != EndpointKind.ONLINE) {
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
                c.method = c.endpoint.kind() == EndpointKind.ONLINE ? "GET" : "POST";
                if (c.endpoint.kind() != EndpointKind.ONLINE) {
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

    private static final byte[][] BAD_BYTES = {
        {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC3}, {(byte) 0xC3, 0x28},
        {(byte) 0xE2, (byte) 0x82}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80,
            (byte) 0x80}, {(byte) 0xFC, (byte) 0x84, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
        {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        {(byte) 0xEF, (byte) 0xBF, (byte) 0xBE}, {0x00}, {(byte) 0xE9}, {(byte) 0xA0, (byte) 0xA1},
    };
    private static final String[] BAD_ESCAPES = {
        "\\uD800", "\\uDC00", "\\uDBFF\\uDFFF", "\\uD800\\u0041", "\\u0000", "\\uFFFF", "\\uFFFE", "\\uDFFF\\uD800",
        "x\\uD83D", "\\uD83D\\uDE00", "\\uD800\\uD800",
    };
    /** A private-use char standing for "the bad bytes go here" in text that is then encoded as UTF-8. */
    private static final char MARK = '\uE000';

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
        boolean online = c.endpoint.kind() == EndpointKind.ONLINE;
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

    private static final String[] CONTENT_TYPES = {
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
        if (c.endpoint.kind() == EndpointKind.ONLINE) {
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
        if (c.endpoint.kind() == EndpointKind.ONLINE) {
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
        c.kind = EndpointKind.NONE;
        int how = r.nextInt(10);
        String path;
        if (how == 0) {
            path = "/" + "a/".repeat(1 + r.nextInt(1_400));
        } else if (how == 1) {
            path = "/" + randomPrintable(r, 1 + r.nextInt(60)).replace(' ', '_');
        } else {
            path = pick(r, UNKNOWN_PATHS);
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
        boolean online = c.endpoint.kind() == EndpointKind.ONLINE;
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
        c.method = c.endpoint.kind() == EndpointKind.ONLINE ? pick(r, "GET", "POST") : "POST";
        c.target = c.endpoint.path();
        c.contentType(pick(r, "application/json", "application/x-www-form-urlencoded", "text/plain", null,
                "application/octet-stream", "multipart/form-data; boundary=" + randomPrintable(r, 8)));
        c.body = body;
        c.detail = "random bytes";
    }

    /** Bodies over IM_MAX_BODY_BYTES: a 413, as JSON, whether the length is announced or the body streams. */
    static Case overLimit(int index, long seed, Random r) {
        Endpoint e = ENDPOINTS.stream().filter(x -> x.kind() != EndpointKind.ONLINE).toList()
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
        List<Endpoint> pushes = ENDPOINTS.stream().filter(x -> x.kind() == EndpointKind.PUSH).toList();
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

    // --- hand-written HTTP-level cases ---------------------------------------------------------------------------

    /**
     * A request written byte for byte. {@code codec}: may be refused by the HTTP codec with an empty 400/414/431
     * (the exemptions listed in the class comment); {@code mayClose}: may also be answered by closing the connection.
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
    }

    static List<RawCase> rawCases() {
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
        new Random(SEED).nextBytes(binary);
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

    // ------------------------------------------------------------------------------------------------------------
    // Reporting
    // ------------------------------------------------------------------------------------------------------------

    record Failure(String kind, int status, String category, String endpoint, String repro, String request,
                   String responsePrefix) {
        String group() {
            String signature = responsePrefix.replaceAll("[0-9]+", "#");
            signature = signature.length() > 60 ? signature.substring(0, 60) : signature;
            return kind + " | " + (status == 0 ? "no status" : status) + " | " + category + " | " + signature;
        }
    }

    private static String repro(int index, long caseSeed) {
        return "case #" + index + " (-Dfuzz.seed=" + SEED + " -Dfuzz.case=" + index + ", case seed " + hex(caseSeed)
                + ")";
    }

    private static String summary(List<Failure> failures, long sent, long millis) {
        Map<String, List<Failure>> groups = new LinkedHashMap<>();
        failures.sort(Comparator.comparing((Failure f) -> f.kind()).thenComparing(Failure::repro));
        for (Failure failure : failures) {
            groups.computeIfAbsent(failure.group(), g -> new ArrayList<>()).add(failure);
        }
        Map<String, Integer> byKind = new TreeMap<>();
        failures.forEach(f -> byKind.merge(f.kind(), 1, Integer::sum));
        StringBuilder text = new StringBuilder();
        text.append(failures.size()).append(" of ").append(sent).append(" malformed requests broke the rules (seed ")
                .append(SEED).append(" = ").append(hex(SEED)).append(", ").append(millis).append(" ms).\nBy kind: ")
                .append(byKind).append("\n").append(groups.size()).append(" distinct failures");
        if (groups.size() > MAX_LISTED) {
            text.append(", the first ").append(MAX_LISTED).append(" listed");
        }
        text.append(":\n");
        List<Map.Entry<String, List<Failure>>> listed = new ArrayList<>(groups.entrySet());
        listed.sort(Comparator.comparing((Map.Entry<String, List<Failure>> g) -> g.getValue().get(0).kind())
                .thenComparing(g -> -g.getValue().size()));
        String lastKind = null;
        int n = 0;
        for (Map.Entry<String, List<Failure>> group : listed) {
            if (n++ == MAX_LISTED) {
                break;
            }
            Failure example = group.getValue().get(0);
            List<Failure> others = new ArrayList<>();
            Set<String> seen = new HashSet<>(List.of(example.request().split(":")[0]));
            for (Failure other : group.getValue()) {
                if (others.size() < 2 && seen.add(other.request().split(":")[0])) {
                    others.add(other);
                }
            }
            if (!example.kind().equals(lastKind)) {
                text.append("== ").append(example.kind()).append('\n');
                lastKind = example.kind();
            }
            Set<String> endpoints = new TreeSet<>();
            group.getValue().forEach(f -> endpoints.add(f.endpoint()));
            String where = String.join(", ", endpoints);
            text.append(String.format(
                    "  %d× status %s [%s] on %s%n     e.g. %s%n     request:  %s%n     response: %s%n",
                    group.getValue().size(), example.status() == 0 ? "none" : example.status(), example.category(),
                    escape(where, 160), example.repro(), example.request(), example.responsePrefix()));
            for (Failure other : others) {
                text.append(String.format("     also %s%n       request:  %s%n       response: %s%n", other.repro(),
                        escape(other.request(), 200), other.responsePrefix()));
            }
        }
        return text.toString();
    }

    private static String statistics(long millis) {
        Map<String, Map<String, Long>> table = new TreeMap<>();
        STATUS_BY_CATEGORY.forEach((key, count) -> {
            int space = key.lastIndexOf(' ');
            table.computeIfAbsent(key.substring(0, space), k -> new TreeMap<>()).put(key.substring(space + 1),
                    count.sum());
        });
        StringBuilder text = new StringBuilder();
        text.append("MalformedInputFuzzIT: ").append(SENT.sum()).append(" requests in ").append(millis)
                .append(" ms, seed ").append(SEED).append(" (").append(hex(SEED)).append("), transports ");
        TRANSPORTS.forEach((k, v) -> text.append(k).append('=').append(v.sum()).append(' '));
        text.append('\n');
        table.forEach((category, statuses) -> text.append(String.format("  %-16s %s%n", category, statuses)));
        if (!RETRIED.isEmpty()) {
            text.append("  HttpClient I/O errors (each retried on a fresh raw socket and judged there):\n");
            RETRIED.stream().limit(10).forEach(retried -> text.append("    ").append(retried).append('\n'));
        }
        if (!SLOW.isEmpty()) {
            text.append("  requests slower than 1 s:\n");
            SLOW.stream().limit(20).forEach(slow -> text.append("    ").append(slow).append('\n'));
        }
        return text.toString();
    }

    private static int bodySizeOf(String description) {
        int at = description.indexOf("body(");
        if (at < 0) {
            return 0;
        }
        return Integer.parseInt(description.substring(at + 5, description.indexOf(' ', at)));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------------------------

    private static Set<String> redisKeys() {
        return redis.keys("*");
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    private static <T> T pick(Random r, List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    private static String randomPrintable(Random r, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (0x20 + r.nextInt(0x5F)));
        }
        return text.toString();
    }

    static String escape(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 16);
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char ch = text.charAt(i);
            if (ch == '\r') {
                out.append("\\r");
            } else if (ch == '\n') {
                out.append("\\n");
            } else if (ch == '\t') {
                out.append("\\t");
            } else if (ch < 0x20 || ch == 0x7f || ch >= 0x80 && ch <= 0xFF) {
                out.append(String.format("\\x%02X", (int) ch));
            } else {
                out.append(ch);
            }
        }
        if (text.length() > max) {
            out.append("…(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value).toUpperCase(Locale.ROOT);
    }

}
