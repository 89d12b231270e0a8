package io.imlogic.push;

import java.util.List;

/**
 * One Kafka record's worth of push: goim's {@code goim.logic.PushMsg}, field for field.
 *
 * <p>Serialised as JSON (im-cloud's shape) or as goim's protobuf, see {@code io.imlogic.kafka}. {@code msg} is the
 * request's own array, shared by every record of the push and never modified.
 */
public record PushMessage(Type type, int operation, Integer speed, String server, String room, List<String> keys,
                          byte[] msg, String requestId, long acceptedAt) {

    /** goim's {@code PushMsg.Type}, by name and protobuf number (the ordinal). */
    public enum Type { PUSH, ROOM, BROADCAST }

    public static PushMessage toServer(PushRequest request, String server, List<String> keys) {
        return new PushMessage(Type.PUSH, request.operation(), null, server, null, keys, request.msg(),
                request.requestId(), request.acceptedAt());
    }

    public static PushMessage toRoom(PushRequest request) {
        return new PushMessage(Type.ROOM, request.operation(), null, null, request.room(), null, request.msg(),
                request.requestId(), request.acceptedAt());
    }

    public static PushMessage toAll(PushRequest request) {
        return new PushMessage(Type.BROADCAST, request.operation(), request.speed(), null, null, null, request.msg(),
                request.requestId(), request.acceptedAt());
    }

    /**
     * The Kafka record key: the server keeps one comet server's messages in order on one partition (goim used the
     * batch's first key, which spreads a server's messages), the room key keeps a room in order, and a broadcast is
     * keyed by its operation as goim does.
     */
    public String recordKey() {
        return switch (type) {
            case PUSH -> server;
            case ROOM -> room;
            case BROADCAST -> Integer.toString(operation);
        };
    }
}
