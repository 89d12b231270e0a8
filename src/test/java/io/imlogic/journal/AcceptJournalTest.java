package io.imlogic.journal;

import io.imlogic.push.PushRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal's JSON form: every flavour of push comes back field for field. */
class AcceptJournalTest {

    private static final byte[] M = {'m'};

    @Test
    void pushToMidsRoundTrips() {
        PushRequest request = new PushRequest("r-1", PushRequest.Target.MIDS, 1000, 0,
                new long[] {1, Long.MAX_VALUE, 42}, List.of(), null, "héllo \"you\" \u2603\n{}".getBytes(StandardCharsets.UTF_8), 1_700_000_000_123L);
        PushRequest back = JournalCodec.decode(JournalCodec.encode(request));
        assertEquals("r-1", back.requestId());
        assertEquals(PushRequest.Target.MIDS, back.target());
        assertEquals(1000, back.operation());
        assertArrayEquals(new long[] {1, Long.MAX_VALUE, 42}, back.mids());
        assertEquals(List.of(), back.keys());
        assertNull(back.room());
        assertArrayEquals(request.msg(), back.msg());
        assertEquals(1_700_000_000_123L, back.acceptedAt());
    }

    @Test
    void pushToKeysRoomAndAllRoundTrip() {
        PushRequest keys = PushRequest.toKeys("r-2", -7, List.of("k1", "k 2"), M);
        PushRequest backKeys = JournalCodec.decode(JournalCodec.encode(keys));
        assertEquals(List.of("k1", "k 2"), backKeys.keys());
        assertEquals(-7, backKeys.operation());
        assertEquals(0, backKeys.mids().length);
        assertThrows(UnsupportedOperationException.class, () -> backKeys.keys().add("x"), "immutable, as parsed");

        PushRequest room = JournalCodec.decode(JournalCodec.encode(PushRequest.toRoom("r-3", 9, "live://1000", M)));
        assertEquals(PushRequest.Target.ROOM, room.target());
        assertEquals("live://1000", room.room());

        PushRequest all = JournalCodec.decode(JournalCodec.encode(PushRequest.toAll("r-4", 5, 3, M)));
        assertEquals(PushRequest.Target.ALL, all.target());
        assertEquals(3, all.speed());
    }

    @Test
    void aBinaryMsgRoundTripsByteForByte() {
        byte[] binary = {(byte) 0xFF, 0, (byte) 0xC3, 0x28, '\n', (byte) 0x80, 'x'};
        PushRequest back = JournalCodec.decode(JournalCodec.encode(PushRequest.toMids("r-b", 1, new long[] {7}, binary)));
        assertArrayEquals(binary, back.msg());
    }

    @Test
    void aLineWrittenWhenMsgWasTextStillReads() {
        PushRequest old = JournalCodec.decode("{\"requestId\":\"r-old\",\"target\":\"KEYS\",\"operation\":3,\"speed\":0,"
                + "\"mids\":[],\"keys\":[\"k\"],\"room\":null,\"msg\":\"héllo\",\"acceptedAt\":5}");
        assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), old.msg());
        assertEquals(List.of("k"), old.keys());
    }

    @Test
    void readsEntriesWithUnknownOrMissingFieldsAndRefusesBrokenOnes() {
        PushRequest tolerant = JournalCodec.decode(
                "{\"requestId\":\"r\",\"target\":\"MIDS\",\"mids\":[5],\"msg\":\"m\",\"future\":true}");
        assertArrayEquals(new long[] {5}, tolerant.mids());
        assertEquals(List.of(), tolerant.keys());
        assertThrows(IllegalArgumentException.class, () -> JournalCodec.decode("{\"requestId\":\"r\"}"));
        assertThrows(IllegalArgumentException.class, () -> JournalCodec.decode("not json"));
        assertThrows(IllegalArgumentException.class,
                () -> JournalCodec.decode("{\"requestId\":\"r\",\"target\":\"NOPE\",\"msg\":\"m\"}"));
    }

    @Test
    void nodeIdIsTheSettingOrHostAndPort() {
        assertEquals("logic-7", AcceptJournal.nodeId(" logic-7 ", 3111));
        String fallback = AcceptJournal.nodeId("", 3111);
        assertTrue(fallback.endsWith("-3111"), fallback);
        assertFalse(fallback.startsWith("-"), fallback);
    }

    @Test
    void aDisabledJournalDoesNothing() {
        AcceptJournal journal = AcceptJournal.disabled();
        journal.record(PushRequest.toAll("r", 1, 0, M));
        journal.remove("r");
        assertFalse(journal.enabled());
        assertEquals(List.of(), journal.pending());
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path folder;

    @Test
    void whatWasAcceptedAndNotDoneIsLeftForTheNextStartAndOnlyThat() throws Exception {
        AcceptJournal first = new AcceptJournal(folder, "node-a", false);
        PushRequest done = PushRequest.toAll("done-1", 1, 0, M);
        PushRequest pending = PushRequest.toRoom("pending-1", 2, "live://1", M);
        first.record(done);
        first.record(pending);
        first.remove("done-1");
        assertEquals(1, first.size());
        // no close(): a SIGKILL does not say goodbye; the appends are already in the file

        AcceptJournal second = new AcceptJournal(folder, "node-a", false);
        assertEquals(List.of("pending-1"), second.pending().stream().map(PushRequest::requestId).toList());
        assertEquals(1, second.size(), "a leftover stays open until delivered again");
        second.remove("pending-1");
        second.close();

        assertEquals(List.of(), new AcceptJournal(folder, "node-a", false).pending());
        assertEquals(List.of(), new AcceptJournal(folder, "node-b", false).pending(), "each node has its own");
    }

    @Test
    void aTornLastLineFromAKillMidWriteIsSkipped() throws Exception {
        AcceptJournal journal = new AcceptJournal(folder, "node-t", false);
        journal.record(PushRequest.toAll("whole-1", 1, 0, M));
        journal.close();
        java.nio.file.Path file;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(folder.resolve("node-t"))) {
            file = files.findFirst().orElseThrow();
        }
        java.nio.file.Files.writeString(file, "A {\"requestId\":\"torn", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(List.of("whole-1"),
                new AcceptJournal(folder, "node-t", false).pending().stream().map(PushRequest::requestId).toList());
    }
}
