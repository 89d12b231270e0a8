package io.imlogic.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The production JVM options and how IM_JAVA_OPTS-style overrides combine with them. */
class ServiceJvmTest {

    @Test
    void withoutOverridesTheProductionOptionsAndTheDefaultHeap() {
        List<String> options = ServiceJvm.options("");
        assertTrue(options.containsAll(ServiceJvm.OPTIONS));
        assertTrue(options.contains("-XX:+ExitOnOutOfMemoryError"));
        assertTrue(options.contains(ServiceJvm.DEFAULT_HEAP));
    }

    @Test
    void aHeapInTheOverridesReplacesTheDefaultOne() {
        List<String> options = ServiceJvm.options(" -Xmx512m  -Dfoo=bar ");
        assertFalse(options.contains(ServiceJvm.DEFAULT_HEAP));
        assertEquals(List.of("-Xmx512m", "-Dfoo=bar"), options.subList(options.size() - 2, options.size()));
        assertFalse(ServiceJvm.options("-XX:MaxRAMPercentage=75").contains(ServiceJvm.DEFAULT_HEAP));
    }

    @Test
    void aCollectorInTheOverridesReplacesTheDefaultOne() {
        List<String> options = ServiceJvm.options("-XX:+UseZGC");
        assertEquals(1, options.stream().filter(o -> o.startsWith("-XX:+Use") && o.endsWith("GC")).count(), options::toString);
        assertTrue(options.contains("-XX:+UseZGC"));
        assertTrue(options.contains("-XX:+ExitOnOutOfMemoryError"));
    }

    @Test
    void theCommandRunsTheServiceWithThisJvmsJava() {
        List<String> command = ServiceJvm.command("a.jar:b.jar", "");
        assertTrue(command.get(0).startsWith(System.getProperty("java.home")));
        assertEquals(List.of("-cp", "a.jar:b.jar", ServiceJvm.MAIN_CLASS), command.subList(command.size() - 3,
                command.size()));
    }
}
