package io.imlogic.journal;

import io.imlogic.push.PushRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal's JSON form: every flavour of push comes back field for field. */
class AcceptJournalTest {

    @Test
    void pushToMidsRoundTrips() {
        PushRequest request = new PushRequest("r-1", PushRequest.Target.MIDS, 1000, 0,
                new long[] {1, Long.MAX_VALUE, 42}, List.of(), null, "héllo \"you\" \u2603\n{}", 1_700_000_000_123L);
        PushRequest back = AcceptJournal.decode(AcceptJournal.encode(request));
        assertEquals("r-1", back.requestId());
        assertEquals(PushRequest.Target.MIDS, back.target());
        assertEquals(1000, back.operation());
        assertArrayEquals(new long[] {1, Long.MAX_VALUE, 42}, back.mids());
        assertEquals(List.of(), back.keys());
        assertNull(back.room());
        assertEquals(request.msg(), back.msg());
        assertEquals(1_700_000_000_123L, back.acceptedAt());
    }

    @Test
    void pushToKeysRoomAndAllRoundTrip() {
        PushRequest keys = PushRequest.toKeys("r-2", -7, List.of("k1", "k 2"), "m");
        PushRequest backKeys = AcceptJournal.decode(AcceptJournal.encode(keys));
        assertEquals(List.of("k1", "k 2"), backKeys.keys());
        assertEquals(-7, backKeys.operation());
        assertEquals(0, backKeys.mids().length);
        assertThrows(UnsupportedOperationException.class, () -> backKeys.keys().add("x"), "immutable, as parsed");

        PushRequest room = AcceptJournal.decode(AcceptJournal.encode(PushRequest.toRoom("r-3", 9, "live://1000", "m")));
        assertEquals(PushRequest.Target.ROOM, room.target());
        assertEquals("live://1000", room.room());

        PushRequest all = AcceptJournal.decode(AcceptJournal.encode(PushRequest.toAll("r-4", 5, 3, "m")));
        assertEquals(PushRequest.Target.ALL, all.target());
        assertEquals(3, all.speed());
    }

    @Test
    void readsEntriesWithUnknownOrMissingFieldsAndRefusesBrokenOnes() {
        PushRequest tolerant = AcceptJournal.decode(
                "{\"requestId\":\"r\",\"target\":\"MIDS\",\"mids\":[5],\"msg\":\"m\",\"future\":true}");
        assertArrayEquals(new long[] {5}, tolerant.mids());
        assertEquals(List.of(), tolerant.keys());
        assertThrows(IllegalArgumentException.class, () -> AcceptJournal.decode("{\"requestId\":\"r\"}"));
        assertThrows(IllegalArgumentException.class, () -> AcceptJournal.decode("not json"));
        assertThrows(IllegalArgumentException.class,
                () -> AcceptJournal.decode("{\"requestId\":\"r\",\"target\":\"NOPE\",\"msg\":\"m\"}"));
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
        journal.record(PushRequest.toAll("r", 1, 0, "m"));
        journal.remove("r");
        assertFalse(journal.enabled());
        assertEquals(List.of(), journal.pending());
    }
}
