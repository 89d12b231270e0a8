package io.imlogic.kafka;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.imlogic.push.PushMessage;
import io.imlogic.push.PushRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand-written {@code goim.logic.PushMsg} encoder, checked against protobuf-java as an independent decoder and
 * serialiser. The descriptor is built at runtime from a {@link FileDescriptorProto} mirroring
 * {@code src/main/proto/goim/logic.proto} (no protoc in the build); {@link #testDescriptorMirrorsLogicProto} keeps
 * the two in step.
 */
class PushMsgProtobufTest {

    private static final Path LOGIC_PROTO = Path.of("src/main/proto/goim/logic.proto");

    private static Descriptor pushMsg;

    @BeforeAll
    static void buildDescriptor() {
        pushMsg = GoimPushMsg.descriptor();
    }

    // ---------------------------------------------------------------- the test's schema is the project's schema

    @Test
    void testDescriptorMirrorsLogicProto() throws IOException {
        String proto = Files.readString(LOGIC_PROTO);

        Matcher pkg = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;").matcher(proto);
        assertTrue(pkg.find(), "no package in " + LOGIC_PROTO);
        assertEquals(pushMsg.getFile().getPackage(), pkg.group(1));
        assertTrue(proto.contains("syntax = \"proto3\""), "logic.proto is no longer proto3");
        assertTrue(Pattern.compile("message\\s+PushMsg\\s*\\{").matcher(proto).find(), "no message PushMsg");

        Map<Integer, String> declaredFields = new TreeMap<>();
        Matcher fieldLine = Pattern.compile("(?m)^\\s*(repeated\\s+)?(\\w+)\\s+(\\w+)\\s*=\\s*(\\d+)\\s*;").matcher(proto);
        while (fieldLine.find()) {
            declaredFields.put(Integer.parseInt(fieldLine.group(4)),
                    (fieldLine.group(1) == null ? "" : "repeated ") + fieldLine.group(2) + " " + fieldLine.group(3));
        }
        Map<Integer, String> testFields = new TreeMap<>();
        for (FieldDescriptor field : pushMsg.getFields()) {
            String type = field.getType() == FieldDescriptor.Type.ENUM
                    ? field.getEnumType().getName()
                    : field.getType().name().toLowerCase();
            testFields.put(field.getNumber(), (field.isRepeated() ? "repeated " : "") + type + " " + field.getName());
        }
        assertEquals(declaredFields, testFields);

        Map<String, Integer> declaredValues = new TreeMap<>();
        Matcher valueLine = Pattern.compile("(?m)^\\s*([A-Z][A-Z0-9_]*)\\s*=\\s*(\\d+)\\s*;").matcher(proto);
        while (valueLine.find()) {
            declaredValues.put(valueLine.group(1), Integer.parseInt(valueLine.group(2)));
        }
        Map<String, Integer> testValues = new TreeMap<>();
        for (EnumValueDescriptor value : pushMsg.findFieldByName("type").getEnumType().getValues()) {
            testValues.put(value.getName(), value.getNumber());
        }
        assertEquals(declaredValues, testValues);
    }

    @Test
    void typeEnumOrdinalsAreTheProtobufNumbers() {
        for (PushMessage.Type type : PushMessage.Type.values()) {
            EnumValueDescriptor value = pushMsg.findFieldByName("type").getEnumType().findValueByName(type.name());
            assertEquals(value.getNumber(), type.ordinal(), type.name());
        }
    }

    // ---------------------------------------------------------------- decoding with protobuf-java

    @Test
    void pushToServerDecodesFieldForField() throws Exception {
        PushRequest request = PushRequest.toKeys("r1", 7, List.of("k1", "k2", "k3"), "hello");
        PushMessage message = PushMessage.toServer(request, "comet-1", List.of("k1", "k3"));

        DynamicMessage decoded = decode(PushMsgProtobuf.encode(message));

        assertEquals("PUSH", typeOf(decoded));
        assertEquals(7, decoded.getField(f("operation")));
        assertEquals(0, decoded.getField(f("speed")));
        assertEquals("comet-1", decoded.getField(f("server")));
        assertEquals("", decoded.getField(f("room")));
        assertEquals(List.of("k1", "k3"), decoded.getField(f("keys")));
        assertEquals("hello", msgOf(decoded));
    }

    @Test
    void roomDecodesFieldForField() throws Exception {
        PushMessage message = PushMessage.toRoom(PushRequest.toRoom("r1", 5, "live://1000", "{\"a\":1}"));

        DynamicMessage decoded = decode(PushMsgProtobuf.encode(message));

        assertEquals("ROOM", typeOf(decoded));
        assertEquals(5, decoded.getField(f("operation")));
        assertEquals(0, decoded.getField(f("speed")));
        assertEquals("", decoded.getField(f("server")));
        assertEquals("live://1000", decoded.getField(f("room")));
        assertEquals(List.of(), decoded.getField(f("keys")));
        assertEquals("{\"a\":1}", msgOf(decoded));
    }

    @Test
    void broadcastWithSpeedDecodesFieldForField() throws Exception {
        PushMessage message = PushMessage.toAll(PushRequest.toAll("r1", 3, 20, "to everyone"));

        DynamicMessage decoded = decode(PushMsgProtobuf.encode(message));

        assertEquals("BROADCAST", typeOf(decoded));
        assertEquals(3, decoded.getField(f("operation")));
        assertEquals(20, decoded.getField(f("speed")));
        assertEquals("", decoded.getField(f("server")));
        assertEquals("", decoded.getField(f("room")));
        assertEquals(List.of(), decoded.getField(f("keys")));
        assertEquals("to everyone", msgOf(decoded));
    }

    @Test
    void negativeOperationRoundTripsAsSignExtendedTenByteVarint() throws Exception {
        PushMessage message = message(PushMessage.Type.ROOM, -1, null, null, "live://1", null, "m");

        byte[] bytes = PushMsgProtobuf.encode(message);

        // type (2 bytes) + operation tag (1) + ten-byte varint + room (2 + 8) + msg (2 + 1)
        assertEquals(2 + 1 + 10 + 10 + 3, bytes.length, hex(bytes));
        assertEquals(-1, decode(bytes).getField(f("operation")));
    }

    @Test
    void smallestInt32OperationRoundTrips() throws Exception {
        PushMessage message = message(PushMessage.Type.BROADCAST, Integer.MIN_VALUE, 1, null, null, null, "m");

        assertEquals(Integer.MIN_VALUE, decode(PushMsgProtobuf.encode(message)).getField(f("operation")));
    }

    @Test
    void largestInt32OperationRoundTrips() throws Exception {
        PushMessage message = message(PushMessage.Type.BROADCAST, Integer.MAX_VALUE, Integer.MAX_VALUE, null, null,
                null, "m");

        DynamicMessage decoded = decode(PushMsgProtobuf.encode(message));

        assertEquals(Integer.MAX_VALUE, decoded.getField(f("operation")));
        assertEquals(Integer.MAX_VALUE, decoded.getField(f("speed")));
    }

    @Test
    void nonAsciiMsgKeyAndServerRoundTrip() throws Exception {
        String msg = "héllo 世界 \uD83D\uDE00";
        PushMessage message = message(PushMessage.Type.PUSH, 9, null, "服务器-1", null,
                List.of("clé-\uD83D\uDE00", "键"), msg);

        DynamicMessage decoded = decode(PushMsgProtobuf.encode(message));

        assertEquals("服务器-1", decoded.getField(f("server")));
        assertEquals(List.of("clé-\uD83D\uDE00", "键"), decoded.getField(f("keys")));
        assertEquals(msg, msgOf(decoded));
    }

    @Test
    void msgLongerThan127BytesRoundTripsWithMultiByteLength() throws Exception {
        String msg = "x".repeat(300) + "€".repeat(100);
        PushMessage message = message(PushMessage.Type.ROOM, 9, null, null, "live://1", null, msg);

        assertEquals(msg, msgOf(decode(PushMsgProtobuf.encode(message))));
    }

    @Test
    void encodedMessageHasNoUnknownFields() throws Exception {
        PushMessage message = message(PushMessage.Type.PUSH, 9, 4, "comet-1", "live://1", List.of("k1"), "m");

        DynamicMessage decoded = decode(PushMsgProtobuf.encode(message));

        assertTrue(decoded.getUnknownFields().asMap().isEmpty(), decoded.getUnknownFields().toString());
    }

    // ---------------------------------------------------------------- byte-identical to protobuf-java's serialiser

    @Test
    void pushBytesEqualProtobufJava() {
        assertSameBytesAsProtobufJava(message(PushMessage.Type.PUSH, 7, null, "comet-1", null,
                List.of("k1", "k2"), "hello"));
    }

    @Test
    void roomBytesEqualProtobufJava() {
        assertSameBytesAsProtobufJava(message(PushMessage.Type.ROOM, 5, null, null, "live://1000", null, "hello"));
    }

    @Test
    void broadcastBytesEqualProtobufJava() {
        assertSameBytesAsProtobufJava(message(PushMessage.Type.BROADCAST, 3, 20, null, null, null, "hello"));
    }

    @Test
    void negativeOperationBytesEqualProtobufJava() {
        assertSameBytesAsProtobufJava(message(PushMessage.Type.ROOM, -300, -5, null, "live://1", null, "m"));
    }

    @Test
    void defaultTypeAndOperationAreLeftOffTheWireAsProtobufJavaDoes() {
        PushMessage message = message(PushMessage.Type.PUSH, 0, 0, "comet-1", "", List.of("k1"), "m");

        byte[] bytes = assertSameBytesAsProtobufJava(message);

        // the first field on the wire is server (4, length-delimited): type, operation and speed are absent
        assertEquals((4 << 3) | 2, bytes[0], hex(bytes));
    }

    @Test
    void nullAndEmptyStringsAreBothLeftOffTheWire() {
        byte[] withNulls = PushMsgProtobuf.encode(message(PushMessage.Type.BROADCAST, 1, null, null, null, null, "m"));
        byte[] withEmpties = PushMsgProtobuf.encode(message(PushMessage.Type.BROADCAST, 1, 0, "", "", List.of(), "m"));

        assertArrayEquals(withNulls, withEmpties);
        assertSameBytesAsProtobufJava(message(PushMessage.Type.BROADCAST, 1, 0, "", "", List.of(), "m"));
    }

    @Test
    void emptyKeyInTheListIsStillWrittenAsProtobufJavaDoes() throws Exception {
        PushMessage message = message(PushMessage.Type.PUSH, 9, null, "comet-1", null, List.of("", "k1"), "m");

        assertSameBytesAsProtobufJava(message);
        assertEquals(List.of("", "k1"), decode(PushMsgProtobuf.encode(message)).getField(f("keys")));
    }

    @Test
    void nonAsciiBytesEqualProtobufJava() {
        assertSameBytesAsProtobufJava(message(PushMessage.Type.PUSH, 9, null, "服务器", null,
                List.of("clé-\uD83D\uDE00"), "héllo \uD83D\uDE00"));
    }

    @Test
    void longMsgBytesEqualProtobufJava() {
        assertSameBytesAsProtobufJava(message(PushMessage.Type.ROOM, 9, null, null, "live://1", null,
                "y".repeat(20_000)));
    }

    // ================================================================ helpers

    private static PushMessage message(PushMessage.Type type, int operation, Integer speed, String server, String room,
                                       List<String> keys, String msg) {
        return new PushMessage(type, operation, speed, server, room, keys, msg, "request-id", 0L);
    }

    /** Serialises the same field values with protobuf-java and asserts our bytes are identical; returns ours. */
    private static byte[] assertSameBytesAsProtobufJava(PushMessage message) {
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(pushMsg)
                .setField(f("type"), pushMsg.findFieldByName("type").getEnumType()
                        .findValueByNumber(message.type().ordinal()))
                .setField(f("operation"), message.operation())
                .setField(f("speed"), message.speed() == null ? 0 : message.speed())
                .setField(f("server"), message.server() == null ? "" : message.server())
                .setField(f("room"), message.room() == null ? "" : message.room())
                .setField(f("msg"), ByteString.copyFromUtf8(message.msg()));
        if (message.keys() != null) {
            for (String key : message.keys()) {
                builder.addRepeatedField(f("keys"), key);
            }
        }
        byte[] expected = builder.build().toByteArray();
        byte[] actual = PushMsgProtobuf.encode(message);
        assertArrayEquals(expected, actual, () -> "protobuf-java wrote " + hex(expected) + "\nbut we wrote " + hex(actual));
        return actual;
    }

    private static DynamicMessage decode(byte[] bytes) throws InvalidProtocolBufferException {
        return DynamicMessage.parseFrom(pushMsg, bytes);
    }

    private static FieldDescriptor f(String name) {
        return pushMsg.findFieldByName(name);
    }

    private static String typeOf(DynamicMessage decoded) {
        return ((EnumValueDescriptor) decoded.getField(f("type"))).getName();
    }

    private static String msgOf(DynamicMessage decoded) {
        return ((ByteString) decoded.getField(f("msg"))).toString(StandardCharsets.UTF_8);
    }

    /** Hex of the first 64 bytes, enough to see where two encodings part. */
    private static String hex(byte[] bytes) {
        String hex = HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, 64));
        return bytes.length <= 64 ? hex : hex + " ... (" + bytes.length + " bytes)";
    }
}
