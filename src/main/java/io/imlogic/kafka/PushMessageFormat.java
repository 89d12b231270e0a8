package io.imlogic.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imlogic.push.PushMessage;

import java.util.Locale;

/**
 * The Kafka record value: JSON (im-cloud's shape, the default; Jackson, which camel-jackson brings) or goim's
 * protobuf {@code PushMsg}, chosen by {@code im.kafka.format}.
 */
public final class PushMessageFormat {

    /** Payload encodings a job node can consume. */
    public enum Encoding { JSON, PROTOBUF }

    private static final ObjectMapper JSON = new ObjectMapper();

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
        if (encoding == Encoding.PROTOBUF) {
            return PushMsgProtobuf.encode(message);
        }
        try {
            return JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("push message not serialisable", e);
        }
    }
}
