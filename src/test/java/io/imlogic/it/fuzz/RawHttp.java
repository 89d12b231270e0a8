package io.imlogic.it.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static io.imlogic.it.fuzz.FuzzText.escape;
import static io.imlogic.it.fuzz.FuzzText.latin1Bytes;

/**
 * One request written as raw bytes on a fresh socket, one response read back. Only for what no HTTP client sends:
 * a malformed request line or header, raw bytes in the target, restricted headers, a body the server may refuse
 * before reading it. Everything else goes through the shared {@link io.imlogic.it.TestHttp}.
 */
final class RawHttp {

    private final int port;
    private final Duration timeout;

    RawHttp(int port, Duration timeout) {
        this.port = port;
        this.timeout = timeout;
    }

    /** HTTP/1.1 request bytes for a case HttpClient refuses: target and header chars are taken as bytes. */
    byte[] request(Case c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder();
        head.append(c.method).append(' ').append(c.target).append(" HTTP/1.1\r\n");
        boolean hasHost = false;
        for (String[] header : c.headers) {
            hasHost |= header[0].equalsIgnoreCase("Host");
            head.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        if (!hasHost) {
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
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

    /** Writes the bytes on a fresh connection and reads one response (skipping 1xx). */
    Response exchange(byte[] request, boolean head) {
        Response response = new Response();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout((int) timeout.toMillis());
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
            response.error = "no response within " + timeout.toSeconds() + " s (hang)";
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
}
