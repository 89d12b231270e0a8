package io.imlogic.api;

import io.imlogic.kafka.PushRecords;
import io.imlogic.push.MsgBytes;
import io.imlogic.push.PushRequest;
import org.apache.camel.Exchange;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.imlogic.api.FieldRules.clip;
import static io.imlogic.api.FieldRules.int32;
import static io.imlogic.api.FieldRules.operation;
import static io.imlogic.api.FieldRules.required;

/**
 * Validates a push before the API replies, so that a client learns of its mistakes (im-cloud's seed replied first and
 * never told). Cheap on purpose: it runs on the HTTP worker thread.
 *
 * <p>The YAML routes call one method per push flavour; each returns the {@link PushRequest} the pipeline needs. Two
 * instances serve the two path families, see {@link Style}.
 */
public final class PushRequestParser {

    /** Where a request's fields and message are. */
    public enum Style {
        /** {@code /im}: a JSON body, a form body, or query parameters with a UTF-8 text body as the message. */
        IM,
        /**
         * {@code /goim}, as goim reads it: the fields in the query string, and the body is the message, raw bytes
         * whatever its content type (curl's {@code -d} labels it a form; a business server may send binary).
         */
        GOIM
    }

    private final RequestLimits limits;
    private final Style style;
    private final boolean traced;

    public PushRequestParser(RequestLimits limits) {
        this(limits, Style.IM, false);
    }

    public PushRequestParser(RequestLimits limits, Style style) {
        this(limits, style, false);
    }

    /** @param traced tracing is on: each push keeps the trace context of the span that accepts it */
    public PushRequestParser(RequestLimits limits, Style style, boolean traced) {
        this.limits = limits;
        this.style = style;
        this.traced = traced;
    }

    /** {@code operation}, {@code mids}, {@code msg}. */
    public PushRequest mids(Exchange exchange) {
        RequestFields fields = fields(exchange);
        long[] mids = mids(fields);
        return accepted(exchange, PushRequest.toMids(newRequestId(), operation(fields), mids, msg(exchange, fields)));
    }

    /** {@code operation}, {@code keys}, {@code msg}. */
    public PushRequest keys(Exchange exchange) {
        RequestFields fields = fields(exchange);
        List<String> keys = keys(fields);
        return accepted(exchange, PushRequest.toKeys(newRequestId(), operation(fields), keys, msg(exchange, fields)));
    }

    /** {@code operation}, {@code type}, {@code room}, {@code msg}: the room key is {@code type://room}. */
    public PushRequest room(Exchange exchange) {
        RequestFields fields = fields(exchange);
        String type = required(fields, "type", 64);
        String room = required(fields, "room", 256);
        return accepted(exchange, PushRequest.toRoom(newRequestId(), operation(fields), type + "://" + room,
                msg(exchange, fields)));
    }

    /** {@code operation} (required here, as in goim), {@code speed}, {@code msg}. */
    public PushRequest all(Exchange exchange) {
        RequestFields fields = fields(exchange);
        String operation = fields.single("operation");
        if (operation == null || operation.isBlank()) {
            throw ApiException.badRequest("operation is required");
        }
        String speedText = fields.single("speed");
        int speed = speedText == null || speedText.isEmpty() ? 0 : int32(speedText, "speed");
        if (speed < 0) {
            throw ApiException.badRequest("speed must not be negative");
        }
        return accepted(exchange, PushRequest.toAll(newRequestId(), operation(fields), speed, msg(exchange, fields)));
    }

    /**
     * With tracing on, Camel's span of the accept route has put its own W3C context in the {@code traceparent} header
     * (continuing the client's, if it sent one): the push keeps it for its Kafka records. With tracing off the header,
     * if any, is the client's and is not ours to forward.
     */
    private PushRequest accepted(Exchange exchange, PushRequest request) {
        return traced ? request.tracedBy(exchange.getIn().getHeader(PushRecords.TRACEPARENT, String.class)) : request;
    }

    private long[] mids(RequestFields fields) {
        List<String> pieces = idPieces(fields, "mids");
        long[] mids = new long[pieces.size()];
        for (int i = 0; i < mids.length; i++) {
            String piece = pieces.get(i);
            long mid;
            try {
                mid = Long.parseLong(piece);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("mids must be positive 64-bit integers, not '" + clip(piece) + "'");
            }
            if (mid <= 0) {
                throw ApiException.badRequest("mids must be positive 64-bit integers, not " + mid);
            }
            mids[i] = mid;
        }
        Arrays.sort(mids);
        int distinct = 0;
        for (int i = 0; i < mids.length; i++) {
            if (i == 0 || mids[i] != mids[i - 1]) {
                mids[distinct++] = mids[i];
            }
        }
        return Arrays.copyOf(mids, distinct);
    }

    private List<String> keys(RequestFields fields) {
        Set<String> keys = new LinkedHashSet<>(idPieces(fields, "keys"));
        for (String key : keys) {
            if (key.length() > 128) {
                throw ApiException.badRequest("keys must be at most 128 characters, not " + key.length());
            }
        }
        return new ArrayList<>(keys);
    }

    /** All values of a list field, comma-separated ones split, blanks dropped; bounded by {@code maxIds}. */
    private List<String> idPieces(RequestFields fields, String name) {
        List<String> pieces = new ArrayList<>();
        for (String value : fields.all(name)) {
            for (String piece : value.split(",", -1)) {
                String trimmed = piece.trim();
                if (!trimmed.isEmpty()) {
                    if (pieces.size() == limits.maxIds()) {
                        throw ApiException.badRequest(name + " has more than " + limits.maxIds()
                                + " ids; split the push (limit IM_MAX_IDS)");
                    }
                    pieces.add(trimmed);
                }
            }
        }
        if (pieces.isEmpty()) {
            throw ApiException.badRequest(name + " is required");
        }
        return pieces;
    }

    private RequestFields fields(Exchange exchange) {
        return style == Style.GOIM ? RequestReader.query(exchange, "POST") : RequestReader.read(exchange);
    }

    private byte[] msg(Exchange exchange, RequestFields fields) {
        byte[] msg;
        if (style == Style.GOIM) {
            msg = RequestReader.rawBody(exchange);
            if (msg.length == 0) {
                throw ApiException.badRequest("msg is required: the request body is the message, and it is empty");
            }
        } else {
            String text = fields.single("msg");
            if (text == null || text.isEmpty()) {
                throw ApiException.badRequest("msg is required and must not be empty");
            }
            msg = text.getBytes(StandardCharsets.UTF_8);
        }
        // no byte takes more than six in a record: small messages need no count
        if (msg.length > limits.maxMsgBytes() / 6 && MsgBytes.recordBytes(msg) > limits.maxMsgBytes()) {
            throw new ApiException(413, "msg is larger than " + limits.maxMsgBytes()
                    + " bytes as written in a record (IM_MAX_MSG_BYTES)");
        }
        return msg;
    }

    /** A version-4 UUID from the thread's own random: SecureRandom would make request threads queue on one lock. */
    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & 0xFFFFFFFFFFFF0FFFL | 0x0000000000004000L;
        long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
