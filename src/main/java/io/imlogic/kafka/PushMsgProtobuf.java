package io.imlogic.kafka;

import io.imlogic.push.PushMessage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes goim's {@code goim.logic.PushMsg} (proto3, {@code src/main/proto/goim/logic.proto}) byte for byte.
 *
 * <p>Hand-written because the message is seven fields and a generated class would pull protoc into the build;
 * the tests decode the result with protobuf-java against the .proto to prove the bytes.
 * Proto3 leaves fields at their default value (0, "", empty) off the wire, as Go's marshaller does.
 */
public final class PushMsgProtobuf {

    private static final int WIRE_VARINT = 0;
    private static final int WIRE_LENGTH_DELIMITED = 2;

    private PushMsgProtobuf() {
    }

    public static byte[] encode(PushMessage message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + message.msg().length() * 3);
        writeVarintField(out, 1, message.type().ordinal());
        writeVarintField(out, 2, message.operation());
        writeVarintField(out, 3, message.speed() == null ? 0 : message.speed());
        writeStringField(out, 4, message.server());
        writeStringField(out, 5, message.room());
        List<String> keys = message.keys();
        if (keys != null) {
            for (String key : keys) {
                // repeated string: every element is written, even an empty one
                writeBytes(out, 6, key.getBytes(StandardCharsets.UTF_8));
            }
        }
        writeBytesField(out, 7, message.msg().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void writeVarintField(ByteArrayOutputStream out, int field, int value) {
        if (value != 0) {
            writeVarint(out, (long) field << 3 | WIRE_VARINT);
            // int32 and enum: negative values are sign-extended to 64 bits, as protobuf specifies
            writeVarint(out, value);
        }
    }

    private static void writeStringField(ByteArrayOutputStream out, int field, String value) {
        if (value != null && !value.isEmpty()) {
            writeBytes(out, field, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void writeBytesField(ByteArrayOutputStream out, int field, byte[] value) {
        if (value.length > 0) {
            writeBytes(out, field, value);
        }
    }

    private static void writeBytes(ByteArrayOutputStream out, int field, byte[] value) {
        writeVarint(out, (long) field << 3 | WIRE_LENGTH_DELIMITED);
        writeVarint(out, value.length);
        out.write(value, 0, value.length);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
