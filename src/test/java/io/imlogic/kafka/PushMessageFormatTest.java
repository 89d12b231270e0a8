package io.imlogic.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import goim.logic.PushMsg;
import io.imlogic.push.PushMessage;
import io.imlogic.push.PushRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kafka record values. Protobuf: goim's {@code goim.logic.PushMsg}, generated from
 * {@code src/main/proto/goim/logic.proto}; the schema is pinned here to goim's field numbers and types, and the
 * bytes are checked against wire bytes computed by hand, so an edit of the .proto that would break goim's job nodes
 * fails here. JSON: im-cloud's shape, with a binary msg carried as base64 and marked.
 */
class PushMessageFormatTest {

    private static final PushMessageFormat PROTOBUF = new PushMessageFormat(PushMessageFormat.Encoding.PROTOBUF);
    private static final PushMessageFormat JSON = new PushMessageFormat(PushMessageFormat.Encoding.JSON);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] BINARY = {(byte) 0xFF, 0, 'a'};

    // ---------------------------------------------------------------- the schema is goim's

    @Test
    void pushMsgHasGoimsFieldNumbersAndTypes() {
        Descriptor pushMsg = PushMsg.getDescriptor();
        assertEquals("goim.logic.PushMsg", pushMsg.getFullName());
        Map<Integer, String> fields = new TreeMap<>();
        for (FieldDescriptor field : pushMsg.getFields()) {
            fields.put(field.getNumber(), (field.isRepeated() ? "repeated " : "")
                    + field.getType().name().toLowerCase(Locale.ROOT) + " " + field.getName());
        }
        assertEquals(Map.of(1, "enum type", 2, "int32 operation", 3, "int32 speed", 4, "string server",
                5, "string room", 6, "repeated string keys", 7, "bytes msg"), fields);
        Map<String, Integer> types = new TreeMap<>();
        for (EnumValueDescriptor value : PushMsg.Type.getDescriptor().getValues()) {
            types.put(value.getName(), value.getNumber());
        }
        assertEquals(Map.of("PUSH", 0, "ROOM", 1, "BROADCAST", 2), types);
        for (PushMessage.Type type : PushMessage.Type.values()) {
            assertEquals(type.ordinal(), PushMsg.Type.valueOf(type.name()).getNumber(), type.name());
        }
    }

    // ---------------------------------------------------------------- protobuf bytes, computed by hand

    @Test
    void pushToServerIsGoimsWireBytes() {
        byte[] bytes = PROTOBUF.encode(message(PushMessage.Type.PUSH, 1000, null, "c1", null, List.of("k1", "k2"),
                BINARY));
        // type PUSH (0) and speed 0 are left off, as Go's marshaller does; operation 1000 is the varint E8 07
        assertEquals("10e807" + "2202" + "6331" + "3202" + "6b31" + "3202" + "6b32" + "3a03" + "ff0061", hex(bytes));
    }

    @Test
    void roomWithNegativeOperationIsGoimsWireBytes() {
        byte[] bytes = PROTOBUF.encode(message(PushMessage.Type.ROOM, -1, null, null, "live://1", null, utf8("m")));
        // a negative int32 is a sign-extended ten-byte varint
        assertEquals("0801" + "10ffffffffffffffffff01" + "2a08" + hex(utf8("live://1")) + "3a016d", hex(bytes));
    }

    @Test
    void broadcastWithSpeedIsGoimsWireBytes() {
        byte[] bytes = PROTOBUF.encode(message(PushMessage.Type.BROADCAST, 3, 20, null, null, null, utf8("m")));
        assertEquals("0802" + "1003" + "1814" + "3a016d", hex(bytes));
    }

    // ---------------------------------------------------------------- decoded by the generated parser

    @Test
    void everyFlavourDecodesFieldForField() throws Exception {
        PushRequest keys = PushRequest.toKeys("r1", 7, List.of("k1", "k2", "k3"), utf8("hello"));
        PushMsg push = PushMsg.parseFrom(PROTOBUF.encode(PushMessage.toServer(keys, "comet-1", List.of("k1", "k3"))));
        assertEquals(PushMsg.Type.PUSH, push.getType());
        assertEquals(7, push.getOperation());
        assertEquals("comet-1", push.getServer());
        assertEquals("", push.getRoom());
        assertEquals(List.of("k1", "k3"), push.getKeysList());
        assertEquals("hello", push.getMsg().toStringUtf8());

        PushMsg room = PushMsg.parseFrom(PROTOBUF.encode(PushMessage.toRoom(
                PushRequest.toRoom("r2", 5, "live://1000", utf8("{\"a\":1}")))));
        assertEquals(PushMsg.Type.ROOM, room.getType());
        assertEquals("live://1000", room.getRoom());
        assertEquals("", room.getServer());
        assertEquals(0, room.getKeysCount());

        PushMsg all = PushMsg.parseFrom(PROTOBUF.encode(PushMessage.toAll(PushRequest.toAll("r3", 3, 20, utf8("x")))));
        assertEquals(PushMsg.Type.BROADCAST, all.getType());
        assertEquals(20, all.getSpeed());
        assertTrue(all.getUnknownFields().asMap().isEmpty());
    }

    @Test
    void aBinaryMsgComesBackByteForByte() throws Exception {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        PushMsg decoded = PushMsg.parseFrom(PROTOBUF.encode(message(PushMessage.Type.PUSH, 9, null, "s", null,
                List.of("k"), binary)));
        assertArrayEquals(binary, decoded.getMsg().toByteArray());
    }

    @Test
    void extremeOperationsNonAsciiTextAndEmptyKeysRoundTrip() throws Exception {
        PushMsg min = PushMsg.parseFrom(PROTOBUF.encode(message(PushMessage.Type.BROADCAST, Integer.MIN_VALUE,
                Integer.MAX_VALUE, null, null, null, utf8("m"))));
        assertEquals(Integer.MIN_VALUE, min.getOperation());
        assertEquals(Integer.MAX_VALUE, min.getSpeed());

        String text = "héllo 世界 \uD83D\uDE00";
        PushMsg unicode = PushMsg.parseFrom(PROTOBUF.encode(message(PushMessage.Type.PUSH, 9, null, "服务器-1", null,
                List.of("", "键"), utf8(text))));
        assertEquals("服务器-1", unicode.getServer());
        assertEquals(List.of("", "键"), unicode.getKeysList(), "an empty key in the list is still written");
        assertEquals(text, unicode.getMsg().toStringUtf8());
    }

    @Test
    void nullAndEmptyFieldsAreBothLeftOffTheWire() {
        assertArrayEquals(PROTOBUF.encode(message(PushMessage.Type.BROADCAST, 1, null, null, null, null, utf8("m"))),
                PROTOBUF.encode(message(PushMessage.Type.BROADCAST, 1, 0, "", "", List.of(), utf8("m"))));
    }

    // ---------------------------------------------------------------- JSON

    @Test
    void jsonIsImCloudsShapeWithATextMsg() {
        assertEquals("{\"type\":\"PUSH\",\"operation\":1000,\"server\":\"comet-1\",\"keys\":[\"k1\",\"k2\"],"
                + "\"msg\":\"hello\"}", text(JSON.encode(message(PushMessage.Type.PUSH, 1000, null, "comet-1", null,
                List.of("k1", "k2"), utf8("hello")))));
        assertEquals("{\"type\":\"BROADCAST\",\"operation\":3,\"speed\":2,\"msg\":\"x\"}", text(JSON.encode(
                message(PushMessage.Type.BROADCAST, 3, 2, null, null, null, utf8("x")))));
        assertEquals("{\"type\":\"ROOM\",\"operation\":4,\"room\":\"live://1\",\"msg\":\"x\"}", text(JSON.encode(
                message(PushMessage.Type.ROOM, 4, null, null, "live://1", null, utf8("x")))));
    }

    @Test
    void jsonCarriesAnyUtf8TextExactly() throws Exception {
        String text = "quote \" backslash \\ tab \t nul \u0000 é 世界 \uD83D\uDE00 </script>";
        JsonNode value = MAPPER.readTree(JSON.encode(message(PushMessage.Type.ROOM, 1, null, null, "live://1", null,
                utf8(text))));
        assertEquals(text, value.path("msg").asText());
        assertFalse(value.has(PushMsgJson.ENCODING_FIELD), "text needs no marker");
    }

    @Test
    void jsonCarriesOtherBytesAsMarkedBase64() throws Exception {
        JsonNode value = MAPPER.readTree(JSON.encode(message(PushMessage.Type.PUSH, 1, null, "s", null, List.of("k"),
                BINARY)));
        assertEquals("base64", value.path("msgEncoding").asText());
        assertArrayEquals(BINARY, Base64.getDecoder().decode(value.path("msg").asText()));
    }

    // ================================================================ helpers

    private static PushMessage message(PushMessage.Type type, int operation, Integer speed, String server, String room,
                                       List<String> keys, byte[] msg) {
        return new PushMessage(type, operation, speed, server, room, keys, msg, "request-id", 0L);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
