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
                new long[] {1, Long.MAX_VALUE, 42}, List.of(), null, "héllo \"you\" \u2603\n{}".getBytes(StandardCharsets.UTF_8), 1_700_000_000_123L,
                null);
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
    void theTraceContextOfATracedPushRoundTripsAndAnUntracedLineHasNone() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        PushRequest traced = PushRequest.toMids("r-t", 1, new long[] {7}, M).tracedBy(traceparent);
        assertEquals(traceparent, JournalCodec.decode(JournalCodec.encode(traced)).traceparent());

        String untraced = JournalCodec.encode(PushRequest.toMids("r-u", 1, new long[] {7}, M));
        assertFalse(untraced.contains("traceparent"), "nothing written when tracing is off: " + untraced);
        assertNull(JournalCodec.decode(untraced).traceparent());
        // a line from before tracing existed
        assertNull(JournalCodec.decode("{\"requestId\":\"r\",\"target\":\"MIDS\",\"mids\":[5],\"msg\":\"m\"}")
                .traceparent());
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

    private static final long SEGMENT = 1 << 20;

    @Test
    void theFolderStaysWithinItsBoundUnderContinuousPushesAndEmptySegmentsGo() throws Exception {
        long segment = 8 * 1024;
        AcceptJournal journal = new AcceptJournal(folder, "node-s", false, segment);
        java.util.ArrayDeque<String> open = new java.util.ArrayDeque<>();
        long largest = 0;
        for (int i = 0; i < 5_000; i++) {
            PushRequest request = PushRequest.toAll("steady-" + i, 1, 0, "m".repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            journal.record(request);
            open.add(request.requestId());
            if (open.size() > 20) {
                journal.remove(open.poll()); // delivered a little later, as under steady load
            }
            if (i % 100 == 0) {
                journal.flush();
                largest = Math.max(largest, folderBytes("node-s"));
            }
        }
        assertTrue(journal.recorded() * 150 > 20 * segment, "the test must write far more than the bound");
        assertTrue(largest <= 3 * segment + 1024, "the journal grew to " + largest + " bytes");
        open.forEach(journal::remove);
        journal.flush();
        journal.close();
        assertTrue(folderBytes("node-s") <= segment + 1024, "done segments are deleted");
        assertEquals(List.of(), new AcceptJournal(folder, "node-s", false, segment).pending());
    }

    @Test
    void aRestartReplaysOnlyThePushesNotDoneFromWhicheverSegmentHoldsThem() throws Exception {
        AcceptJournal journal = new AcceptJournal(folder, "node-r", false, 2 * 1024);
        List<String> undelivered = List.of("push-3", "push-250", "push-499");
        for (int i = 0; i < 500; i++) {
            journal.record(PushRequest.toAll("push-" + i, 1, 0, ("message " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 500; i++) {
            if (!undelivered.contains("push-" + i)) {
                journal.remove("push-" + i);
            }
        }
        journal.flush(); // then a kill: no close
        long segments;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(folder.resolve("node-r"))) {
            segments = files.count();
        }
        assertTrue(segments <= 4, "only the segments holding undelivered pushes (and the active one) remain: "
                + segments);
        AcceptJournal restarted = new AcceptJournal(folder, "node-r", false, 2 * 1024);
        assertEquals(undelivered, restarted.pending().stream().map(PushRequest::requestId).toList());
        restarted.remove("push-250");
        restarted.close();
        assertEquals(List.of("push-3", "push-499"), new AcceptJournal(folder, "node-r", false, 2 * 1024).pending()
                .stream().map(PushRequest::requestId).toList());
    }

    @Test
    void concurrentAcceptsShareWritesAndEachWaitsForItsOwnLine() throws Exception {
        AcceptJournal journal = new AcceptJournal(folder, "node-c", false, SEGMENT);
        int threads = 16;
        int each = 500;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    String id = "t" + thread + "-" + i;
                    journal.record(PushRequest.toAll(id, 1, 0, M));
                    // record() returned: the line is written, so a new reader sees it
                    assertTrue(journal.contains(id));
                }
            }));
        }
        for (java.util.concurrent.Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
        assertEquals(threads * each, new AcceptJournal(folder, "node-c", false, SEGMENT).pending().size());
    }

    private long folderBytes(String node) throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(folder.resolve(node))) {
            return files.mapToLong(path -> path.toFile().length()).sum();
        }
    }

    @Test
    void whatWasAcceptedAndNotDoneIsLeftForTheNextStartAndOnlyThat() throws Exception {
        AcceptJournal first = new AcceptJournal(folder, "node-a", false, SEGMENT);
        PushRequest done = PushRequest.toAll("done-1", 1, 0, M);
        PushRequest pending = PushRequest.toRoom("pending-1", 2, "live://1", M);
        first.record(done);
        first.record(pending);
        first.remove("done-1");
        assertEquals(1, first.size());
        first.flush();
        // no close(): a SIGKILL does not say goodbye; the appends are already in the file

        AcceptJournal second = new AcceptJournal(folder, "node-a", false, SEGMENT);
        assertEquals(List.of("pending-1"), second.pending().stream().map(PushRequest::requestId).toList());
        assertEquals(1, second.size(), "a leftover stays open until delivered again");
        second.remove("pending-1");
        second.close();

        assertEquals(List.of(), new AcceptJournal(folder, "node-a", false, SEGMENT).pending());
        assertEquals(List.of(), new AcceptJournal(folder, "node-b", false, SEGMENT).pending(), "each node has its own");
    }

    @Test
    void aTornLastLineFromAKillMidWriteIsSkipped() throws Exception {
        AcceptJournal journal = new AcceptJournal(folder, "node-t", false, SEGMENT);
        journal.record(PushRequest.toAll("whole-1", 1, 0, M));
        journal.close();
        java.nio.file.Path file;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(folder.resolve("node-t"))) {
            file = files.findFirst().orElseThrow();
        }
        java.nio.file.Files.writeString(file, "A {\"requestId\":\"torn", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(List.of("whole-1"),
                new AcceptJournal(folder, "node-t", false, SEGMENT).pending().stream().map(PushRequest::requestId).toList());
    }
}
