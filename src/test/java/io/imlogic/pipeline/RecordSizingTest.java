package io.imlogic.pipeline;

import io.imlogic.push.PushMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records stay under the producer's size limit: msg cost as encoded, and a server's keys split when needed. */
class RecordSizingTest {

    @Test
    void encodedMsgBytesCountsUtf8AndJsonEscapes() {
        assertEquals(5, PushMessage.encodedMsgBytes("hello"));
        assertEquals(2, PushMessage.encodedMsgBytes("é"));
        assertEquals(3, PushMessage.encodedMsgBytes("日"));
        assertEquals(4, PushMessage.encodedMsgBytes("😀"));
        assertEquals(6, PushMessage.encodedMsgBytes("\u0001"), "JSON writes a control char as \\u0001");
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
