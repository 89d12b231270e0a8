package io.imlogic.push;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A validated push, as accepted by the API and handed to the pipeline.
 *
 * <p>Immutable: the wireTap shares it between the HTTP thread and the pipeline thread.
 *
 * @param requestId  id answered to the client and carried on every Kafka record, so consumers can drop duplicates
 * @param target     who receives it
 * @param operation  goim operation code written into the record
 * @param speed      broadcast speed (goim's {@code speed}), 0 when not given
 * @param mids       distinct user ids, for {@link Target#MIDS}
 * @param keys       distinct connection keys, for {@link Target#KEYS}
 * @param room       room key {@code type://room}, for {@link Target#ROOM}
 * @param msg        the message, as bytes: goim's {@code PushMsg.msg} is {@code bytes} and business servers push
 *                   their own binary payloads; never modified once accepted (records share it)
 * @param acceptedAt epoch millis when the API accepted it
 * @param traceparent W3C trace context of the span that accepted it, when tracing is on (else null): every Kafka
 *                   record of the push carries it, so a job node continues the push's trace (left out of the dead
 *                   letters' JSON when null, so nodes without tracing write what they always wrote)
 */
public record PushRequest(String requestId, Target target, int operation, int speed, long[] mids, List<String> keys,
                          String room, byte[] msg, long acceptedAt,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String traceparent) {

    /** The four push flavours of goim's logic node. */
    public enum Target { MIDS, KEYS, ROOM, ALL }

    /** This push as accepted within the trace {@code traceparent} names. */
    public PushRequest tracedBy(String traceparent) {
        return new PushRequest(requestId, target, operation, speed, mids, keys, room, msg, acceptedAt, traceparent);
    }

    public static PushRequest toMids(String requestId, int operation, long[] mids, byte[] msg) {
        return new PushRequest(requestId, Target.MIDS, operation, 0, mids, List.of(), null, msg,
                System.currentTimeMillis(), null);
    }

    public static PushRequest toKeys(String requestId, int operation, List<String> keys, byte[] msg) {
        return new PushRequest(requestId, Target.KEYS, operation, 0, new long[0], List.copyOf(keys), null, msg,
                System.currentTimeMillis(), null);
    }

    public static PushRequest toRoom(String requestId, int operation, String room, byte[] msg) {
        return new PushRequest(requestId, Target.ROOM, operation, 0, new long[0], List.of(), room, msg,
                System.currentTimeMillis(), null);
    }

    public static PushRequest toAll(String requestId, int operation, int speed, byte[] msg) {
        return new PushRequest(requestId, Target.ALL, operation, speed, new long[0], List.of(), null, msg,
                System.currentTimeMillis(), null);
    }
}
