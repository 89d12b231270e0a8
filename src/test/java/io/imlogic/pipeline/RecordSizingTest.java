package io.imlogic.pipeline;

import io.imlogic.push.MsgBytes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records stay under the producer's size limit: msg cost as encoded, and a server's keys split when needed. */
class RecordSizingTest {

    @Test
    void recordBytesCountsUtf8AndJsonEscapes() {
        assertEquals(5, MsgBytes.recordBytes(utf8("hello")));
        assertEquals(2, MsgBytes.recordBytes(utf8("é")));
        assertEquals(3, MsgBytes.recordBytes(utf8("日")));
        assertEquals(4, MsgBytes.recordBytes(utf8("😀")));
        assertEquals(6, MsgBytes.recordBytes(utf8("\u0001")), "JSON writes a control char as \\u0001");
        assertEquals(4, MsgBytes.recordBytes(utf8("a\"b")), "and a quote as \\\"");
    }

    @Test
    void bytesThatAreNotUtf8CostTheirBase64() {
        assertEquals(4, MsgBytes.recordBytes(new byte[] {(byte) 0xFF}));
        assertEquals(4, MsgBytes.recordBytes(new byte[] {(byte) 0xC3, 0x28, 0}));
        assertEquals(8, MsgBytes.recordBytes(new byte[] {(byte) 0x80, 1, 2, 3}));
    }

    @Test
    void utf8IsToldFromOtherBytes() {
        assertTrue(MsgBytes.isUtf8(utf8("plain ascii")));
        assertTrue(MsgBytes.isUtf8(utf8("héllo 世界 😀")));
        assertTrue(MsgBytes.isUtf8(new byte[0]));
        assertFalse(MsgBytes.isUtf8(new byte[] {(byte) 0xFF, 'a'}), "never a UTF-8 byte");
        assertFalse(MsgBytes.isUtf8(new byte[] {(byte) 0xC3}), "truncated sequence");
        assertFalse(MsgBytes.isUtf8(new byte[] {(byte) 0xC0, (byte) 0x80}), "overlong NUL");
        assertFalse(MsgBytes.isUtf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), "encoded surrogate");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keysAreSplitIntoRunsUnderTheBudgetKeepingEveryKeyOnce() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            keys.add("key-" + i);
        }
        List<List<String>> chunks = PushPlanner.chunks(keys, 5_000);
        assertTrue(chunks.size() > 1);
        List<String> all = new ArrayList<>();
        for (List<String> chunk : chunks) {
            int size = chunk.stream().mapToInt(k -> k.length() * 6 + 4).sum();
            assertTrue(size <= 5_000, "chunk of " + size + " bytes");
            all.addAll(chunk);
        }
        assertEquals(keys, all);
    }

    @Test
    void aServerWhoseKeysFitGetsOneRecord() {
        assertEquals(List.of(List.of("a", "b")), PushPlanner.chunks(List.of("a", "b"), 1_000));
    }
}
