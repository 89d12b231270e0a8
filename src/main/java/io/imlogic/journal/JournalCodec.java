package io.imlogic.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.imlogic.push.PushRequest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The accept journal's lines: {@code A <push>} when a push is accepted, {@code D <request id>} when it is done.
 *
 * <p>A push is its fields as JSON, the message as base64 in {@code msgBytes} (it may be any bytes). A line written
 * before messages were bytes has the text in {@code msg}; it still reads. The push's {@code traceparent} is kept so
 * that a push sent again after a restart still continues its trace; lines without it (tracing off, or written before
 * tracing existed) read as untraced pushes.
 */
final class JournalCodec {

    static final String ACCEPT = "A ";
    static final String DONE = "D ";

    // unknown fields ignored and missing ones defaulted, so a journal written by another version still reads
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The line's shape: the request's fields, with the message under its own name ({@code msg} is the old text). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Line(String requestId, PushRequest.Target target, int operation, int speed, long[] mids,
                        List<String> keys, String room, byte[] msgBytes, String msg, long acceptedAt,
                        String traceparent) {
    }

    private JournalCodec() {
    }

    static ByteBuffer acceptLine(PushRequest request) {
        return line(ACCEPT + encode(request));
    }

    static ByteBuffer doneLine(String requestId) {
        return line(DONE + requestId);
    }

    private static ByteBuffer line(String text) {
        return ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static String encode(PushRequest request) {
        try {
            return JSON.writeValueAsString(new Line(request.requestId(), request.target(), request.operation(),
                    request.speed(), request.mids(), request.keys(), request.room(), request.msg(), null,
                    request.acceptedAt(), request.traceparent()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("push request not serialisable", e);
        }
    }

    static PushRequest decode(String json) {
        Line read;
        try {
            read = JSON.readValue(json, Line.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
        byte[] msg = read == null ? null
                : read.msgBytes() != null ? read.msgBytes()
                : read.msg() != null ? read.msg().getBytes(StandardCharsets.UTF_8) : null;
        if (read == null || read.requestId() == null || read.target() == null || msg == null) {
            throw new IllegalArgumentException("requestId, target or msg missing");
        }
        // the same shape the parser builds: immutable lists, never-null arrays
        return new PushRequest(read.requestId(), read.target(), read.operation(), read.speed(),
                read.mids() == null ? new long[0] : read.mids(),
                read.keys() == null ? List.of() : List.copyOf(read.keys()),
                read.room(), msg, read.acceptedAt(), read.traceparent());
    }
}
