package io.imlogic.kafka;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * goim's {@code goim.logic.PushMsg} for protobuf-java, built at runtime from a descriptor that mirrors
 * {@code src/main/proto/goim/logic.proto} (no protoc in the build): an independent decoder for what im-logic writes.
 */
public final class GoimPushMsg {

    private static final Descriptor DESCRIPTOR = build();

    private GoimPushMsg() {
    }

    public static Descriptor descriptor() {
        return DESCRIPTOR;
    }

    public static DynamicMessage decode(byte[] bytes) {
        try {
            return DynamicMessage.parseFrom(DESCRIPTOR, bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not a goim.logic.PushMsg: " + e.getMessage(), e);
        }
    }

    /** A field of a decoded message by name: enum values come back as their name, bytes as UTF-8 text. */
    public static Object field(DynamicMessage message, String name) {
        Object value = message.getField(DESCRIPTOR.findFieldByName(name));
        if (value instanceof com.google.protobuf.Descriptors.EnumValueDescriptor e) {
            return e.getName();
        }
        if (value instanceof com.google.protobuf.ByteString bytes) {
            return bytes.toStringUtf8();
        }
        return value;
    }

    private static Descriptor build() {
        EnumDescriptorProto type = EnumDescriptorProto.newBuilder()
                .setName("Type")
                .addValue(EnumValueDescriptorProto.newBuilder().setName("PUSH").setNumber(0))
                .addValue(EnumValueDescriptorProto.newBuilder().setName("ROOM").setNumber(1))
                .addValue(EnumValueDescriptorProto.newBuilder().setName("BROADCAST").setNumber(2))
                .build();
        DescriptorProto message = DescriptorProto.newBuilder()
                .setName("PushMsg")
                .addEnumType(type)
                .addField(field("type", 1, FieldDescriptorProto.Type.TYPE_ENUM).setTypeName(".goim.logic.PushMsg.Type"))
                .addField(field("operation", 2, FieldDescriptorProto.Type.TYPE_INT32))
                .addField(field("speed", 3, FieldDescriptorProto.Type.TYPE_INT32))
                .addField(field("server", 4, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(field("room", 5, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(field("keys", 6, FieldDescriptorProto.Type.TYPE_STRING)
                        .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED))
                .addField(field("msg", 7, FieldDescriptorProto.Type.TYPE_BYTES))
                .build();
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("goim/logic.proto")
                .setPackage("goim.logic")
                .setSyntax("proto3")
                .addMessageType(message)
                .build();
        try {
            return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("PushMsg");
        } catch (DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FieldDescriptorProto.Builder field(String name, int number, FieldDescriptorProto.Type type) {
        return FieldDescriptorProto.newBuilder()
                .setName(name)
                .setNumber(number)
                .setType(type)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
                .setJsonName(name);
    }
}
