package io.imlogic.kafka;

import com.google.protobuf.UnsafeByteOperations;
import goim.logic.PushMsg;
import io.imlogic.push.PushMessage;

import java.util.Locale;

/**
 * The Kafka record value: JSON (im-cloud's shape, the default, see {@link PushMsgJson}) or goim's protobuf
 * {@code goim.logic.PushMsg}, generated from {@code src/main/proto/goim/logic.proto}; chosen by
 * {@code im.kafka.format}.
 */
public final class PushMessageFormat {

    /** Payload encodings a job node can consume. */
    public enum Encoding { JSON, PROTOBUF }

    private final Encoding encoding;

    public PushMessageFormat(Encoding encoding) {
        this.encoding = encoding;
    }

    /** Parses {@code json} or {@code protobuf}, case-insensitively, with a message that names the setting. */
    public static Encoding encoding(String name) {
        try {
            return Encoding.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("im.kafka.format must be json or protobuf, not '" + name + "'");
        }
    }

    public Encoding encoding() {
        return encoding;
    }

    /** The record value of one message. */
    public byte[] encode(PushMessage message) {
        return encoding == Encoding.PROTOBUF ? protobuf(message).toByteArray() : PushMsgJson.encode(message);
    }

    /** goim's PushMsg; fields left at their default (null, 0, empty) stay off the wire, as Go's marshaller does. */
    static PushMsg protobuf(PushMessage message) {
        PushMsg.Builder builder = PushMsg.newBuilder()
                .setType(PushMsg.Type.valueOf(message.type().name()))
                .setOperation(message.operation())
                .setSpeed(message.speed() == null ? 0 : message.speed())
                // no copy per record: the accepted msg is never modified, and every record of a push shares it
                .setMsg(UnsafeByteOperations.unsafeWrap(message.msg()));
        if (message.server() != null) {
            builder.setServer(message.server());
        }
        if (message.room() != null) {
            builder.setRoom(message.room());
        }
        if (message.keys() != null) {
            builder.addAllKeys(message.keys());
        }
        return builder.build();
    }
}
