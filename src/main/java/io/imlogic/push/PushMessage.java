package io.imlogic.push;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * One Kafka record's worth of push: goim's {@code goim.logic.PushMsg}, field for field.
 *
 * <p>Serialised as JSON (im-cloud's shape) or as goim's protobuf, see {@code io.imlogic.kafka}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "operation", "speed", "server", "room", "keys", "msg"})
public record PushMessage(Type type, int operation, Integer speed, String server, String room, List<String> keys,
                          String msg, @JsonIgnore String requestId, @JsonIgnore long acceptedAt) {

    /** goim's {@code PushMsg.Type}; the ordinal is the protobuf enum number. */
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
     * The most bytes {@code msg} can take in a record: UTF-8, plus JSON's six-byte escape for control characters
     * (protobuf takes no more than UTF-8). The API bounds it and the planner sizes records with it.
     */
    public static int encodedMsgBytes(String msg) {
        int bytes = 0;
        for (int i = 0; i < msg.length(); i++) {
            char c = msg.charAt(i);
            if (c < 0x20) {
                bytes += 6;
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                bytes += 2; // a surrogate pair is two chars and four bytes
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * The Kafka record key: the server keeps one comet server's messages in order on one partition (goim used the
     * batch's first key, which spreads a server's messages), the room key keeps a room in order, and a broadcast is
     * keyed by its operation as goim does.
     */
    @JsonIgnore
    public String recordKey() {
        return switch (type) {
            case PUSH -> server;
            case ROOM -> room;
            case BROADCAST -> Integer.toString(operation);
        };
    }
}
