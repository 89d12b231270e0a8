package io.imlogic.it.fuzz;

import io.imlogic.it.TestHttp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sends a case and gets its response. The shared {@link TestHttp} client (HTTP/1.1) for everything it is willing
 * to send; {@link RawHttp} (one fresh connection per request) for what it refuses (malformed percent escapes or raw
 * bytes in the request target, illegal header names or values, restricted headers such as Expect, CONNECT), for
 * cases flagged {@code forceRaw} (bodies the server may refuse before reading them: JDK 17's client then hangs on
 * {@code Expect: 100-continue} or reuses a connection it never finished writing), for the hand-written raw cases,
 * and once more for a request whose pooled connection died (counted in the statistics).
 */
final class Transport {

    private static final Pattern URI_SAFE = Pattern.compile("[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]*");
    private static final Pattern PERCENT_OK = Pattern.compile("%[0-9A-Fa-f]{2}");
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "date", "from", "referer", "via", "warning", "transfer-encoding", "te", "trailer", "keep-alive",
            "proxy-connection", "http2-settings");

    private final int port;
    private final Duration timeout;
    private final TestHttp http = TestHttp.http11(Duration.ofSeconds(5));
    private final RawHttp raw;
    private final FuzzReport report;

    Transport(int port, Duration timeout, FuzzReport report) {
        this.port = port;
        this.timeout = timeout;
        this.raw = new RawHttp(port, timeout);
        this.report = report;
    }

    Response send(Case c) {
        report.sent();
        boolean head = "HEAD".equalsIgnoreCase(c.method);
        if (c.raw == null && !c.forceRaw) {
            HttpRequest request = clientRequest(c);
            if (request != null) {
                report.transport("java.net.http.HttpClient");
                Response response = new Response();
                try {
                    HttpResponse<byte[]> answer = http.sendForBytes(request);
                    response.status = answer.statusCode();
                    response.contentType = answer.headers().firstValue("Content-Type").orElse(null);
                    response.body = answer.body() == null ? new byte[0] : answer.body();
                } catch (HttpTimeoutException e) {
                    response.error = "no response within " + timeout.toSeconds() + " s (hang)";
                } catch (IOException e) {
                    // HttpClient reuses pooled connections and does not retry a POST on one that turned out dead;
                    // say so, then judge the same request on a fresh connection
                    report.transport("HttpClient I/O error, retried on a raw socket");
                    report.retried(e + " on " + report.repro(c.index, c.seed) + " " + c.describe(100));
                    return raw.exchange(raw.request(c), head);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    response.error = "interrupted";
                }
                return response;
            }
        }
        if (c.raw == null) {
            c.raw = raw.request(c);
            report.transport("raw socket (refused by HttpClient)");
        } else {
            report.transport("raw socket (hand-written)");
        }
        return raw.exchange(c.raw, head);
    }

    /** The request for {@link HttpClient}, or null when it would refuse to send this case as it is. */
    private HttpRequest clientRequest(Case c) {
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
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + c.target))
                    .version(HttpClient.Version.HTTP_1_1)
                    .timeout(timeout);
            for (String[] header : c.headers) {
                builder.header(header[0], header[1]);
            }
            HttpRequest.BodyPublisher body = c.body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(c.body);
            return builder.method(c.method, body).build();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
