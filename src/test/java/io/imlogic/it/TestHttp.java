package io.imlogic.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The tests' one HTTP client, over {@link HttpClient}: {@link RunningService}, {@link ServiceProcess}, the fuzz test
 * and any test that talks HTTP to a service it started go through it. Requests without a timeout of their own get
 * {@link #REQUEST_TIMEOUT}, so a hung server fails a test instead of stalling the build.
 */
public final class TestHttp {

    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;

    private TestHttp(HttpClient client) {
        this.client = client;
    }

    /** The JDK client's own protocol choice (it offers an h2c upgrade on plain http). */
    public static TestHttp create(Duration connectTimeout) {
        return new TestHttp(HttpClient.newBuilder().connectTimeout(connectTimeout).build());
    }

    /** HTTP/1.1 only: for a test that must know each request is a plain HTTP/1.1 exchange (the fuzz test). */
    public static TestHttp http11(Duration connectTimeout) {
        return new TestHttp(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout).build());
    }

    /** A request builder with the default timeout. */
    public static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
    }

    public HttpResponse<String> get(URI uri) {
        return send(request(uri).GET().build());
    }

    /** POSTs a text body; {@code contentType} null sends none. */
    public HttpResponse<String> post(URI uri, String contentType, String body) {
        HttpRequest.Builder request = request(uri).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    /** Sends and reads the body as text; an I/O failure (connection refused, timeout) is an {@link UncheckedIOException}. */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends and reads the body as bytes, with the failures as they are: for a caller that judges them. */
    public HttpResponse<byte[]> sendForBytes(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Sends without waiting (e.g. a body that is still being written). */
    public CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
