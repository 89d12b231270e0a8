package io.imlogic.it.fuzz;

import java.nio.charset.StandardCharsets;

import static io.imlogic.it.fuzz.FuzzText.escape;

/** What came back: a status (0: none), the Content-Type and the body, or what went wrong instead. */
final class Response {
    int status;
    String contentType;
    byte[] body = new byte[0];
    String error;

    String bodyPrefix() {
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
        return escape(text, 200);
    }
}
