package io.imlogic.redis;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The result of a connection lookup: keys grouped by comet server, one group per Kafka record. */
class ServerKeysTest {

    @Test
    void emptyLookupHasNoServersAndNothingUnresolved() {
        ServerKeys keys = new ServerKeys();

        assertEquals(0, keys.serverCount());
        assertEquals(0, keys.unresolvedCount());
        assertTrue(keys.asMap().isEmpty());
    }

    @Test
    void keysAreGroupedByServer() {
        ServerKeys keys = new ServerKeys();
        keys.add("k1", "comet-1");
        keys.add("k2", "comet-2");
        keys.add("k3", "comet-1");

        assertEquals(Map.of("comet-1", List.of("k1", "k3"), "comet-2", List.of("k2")), keys.asMap());
        assertEquals(2, keys.serverCount());
    }

    @Test
    void serversAreInFirstSeenOrder() {
        ServerKeys keys = new ServerKeys();
        keys.add("k1", "comet-c");
        keys.add("k2", "comet-a");
        keys.add("k3", "comet-b");
        keys.add("k4", "comet-a");

        assertEquals(List.of("comet-c", "comet-a", "comet-b"), List.copyOf(keys.asMap().keySet()));
    }

    @Test
    void keysOfAServerAreInFirstSeenOrder() {
        ServerKeys keys = new ServerKeys();
        keys.add("kz", "comet-1");
        keys.add("ka", "comet-1");
        keys.add("km", "comet-1");

        assertEquals(List.of("kz", "ka", "km"), keys.asMap().get("comet-1"));
    }

    @Test
    void duplicateKeyOnTheSameServerIsCollapsed() {
        ServerKeys keys = new ServerKeys();
        keys.add("k1", "comet-1");
        keys.add("k2", "comet-1");
        keys.add("k1", "comet-1");

        assertEquals(List.of("k1", "k2"), keys.asMap().get("comet-1"));
    }

    @Test
    void keyWithNullServerIsSkipped() {
        ServerKeys keys = new ServerKeys();
        keys.add("k1", null);

        assertEquals(0, keys.serverCount());
        assertTrue(keys.asMap().isEmpty());
    }

    @Test
    void keyWithEmptyServerIsSkipped() {
        ServerKeys keys = new ServerKeys();
        keys.add("k1", "");
        keys.add("k2", "comet-1");

        assertEquals(Map.of("comet-1", List.of("k2")), keys.asMap());
    }

    @Test
    void nullOrEmptyKeyIsSkipped() {
        ServerKeys keys = new ServerKeys();
        keys.add(null, "comet-1");
        keys.add("", "comet-1");

        assertEquals(0, keys.serverCount());
    }

    @Test
    void skippedKeysAreNotCountedAsUnresolved() {
        ServerKeys keys = new ServerKeys();
        keys.add("k1", null);

        assertEquals(0, keys.unresolvedCount());
    }

    @Test
    void unresolvedIdsAreCounted() {
        ServerKeys keys = new ServerKeys();
        keys.unresolved();
        keys.add("k1", "comet-1");
        keys.unresolved();
        keys.unresolved();

        assertEquals(3, keys.unresolvedCount());
        assertEquals(1, keys.serverCount());
    }

    @Test
    void asMapIsASnapshotThatDoesNotShareState() {
        ServerKeys keys = new ServerKeys();
        keys.add("k1", "comet-1");
        Map<String, List<String>> first = keys.asMap();
        first.get("comet-1").add("intruder");
        first.remove("comet-1");

        assertEquals(Map.of("comet-1", List.of("k1")), keys.asMap());
    }
}
