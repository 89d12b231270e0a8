package io.imlogic.dev;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options production runs the service with, in one list: the dev launcher starts the service with them and
 * {@code bench/run.sh} prints them from here ({@code java io.imlogic.dev.ServiceJvm [OVERRIDES]}), so that what a
 * newcomer and the benchmark measure is the JVM production runs.
 */
public final class ServiceJvm {

    public static final String MAIN_CLASS = "io.imlogic.ImLogic";

    /**
     * Always on. G1 named explicitly: the JVM picks its collector by the machine's size and falls back to Serial in a
     * container with fewer than 2 CPUs or 1792 MiB, which would stop the world for every collection of a busy
     * node; G1 works to a pause-time goal, which suits the reply-latency target, and against ParallelGC it showed no throughput
     * difference the shared machine's noise did not swamp (bench/RESULTS.md, "JVM options"). ExitOnOutOfMemoryError:
     * a node that ran out of heap is in an unknown state (a thread may have died half-way through a push); dying lets
     * the supervisor restart it and the accept journal resend what was not delivered.
     */
    public static final List<String> OPTIONS = List.of(
            "-XX:+UseG1GC",
            "-XX:+ExitOnOutOfMemoryError");

    /** The heap unless the overrides size it: bounded by the pipeline queue (README, Guarantees), 1 GiB is ample. */
    public static final String DEFAULT_HEAP = "-Xmx1g";

    private ServiceJvm() {
    }

    /**
     * The options, then the overrides (whitespace-separated; they come last, so the JVM takes theirs where both set
     * the same option). The default heap and collector are left out when the overrides choose their own.
     */
    public static List<String> options(String overrides) {
        List<String> extra = split(overrides);
        List<String> options = new ArrayList<>(OPTIONS);
        // two collectors on one command line stop the JVM ("conflicting collector combinations"): theirs wins
        if (extra.stream().anyMatch(ServiceJvm::selectsCollector)) {
            options.removeIf(ServiceJvm::selectsCollector);
        }
        boolean sized = extra.stream().anyMatch(o -> o.startsWith("-Xmx") || o.startsWith("-XX:MaxRAM")
                || o.startsWith("-XX:MaxHeapSize"));
        if (!sized) {
            options.add(DEFAULT_HEAP);
        }
        options.addAll(extra);
        return options;
    }

    /** The user's overrides: IM_JAVA_OPTS, else JAVA_OPTS (the name container images usually pass). */
    public static String overridesFromEnvironment() {
        String im = System.getenv("IM_JAVA_OPTS");
        if (im != null && !im.isBlank()) {
            return im;
        }
        String java = System.getenv("JAVA_OPTS");
        return java == null ? "" : java;
    }

    /** {@code java <options> -cp <classpath> io.imlogic.ImLogic}, with the java of this JVM. */
    public static List<String> command(String classpath, String overrides) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options(overrides));
        command.add("-cp");
        command.add(classpath);
        command.add(MAIN_CLASS);
        return command;
    }

    private static boolean selectsCollector(String option) {
        return option.startsWith("-XX:+Use") && option.endsWith("GC");
    }

    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        if (text != null) {
            for (String part : text.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    parts.add(part);
                }
            }
        }
        return parts;
    }

    /** Prints the options (with the arguments as overrides) on one line, for shell scripts. */
    public static void main(String[] args) {
        System.out.println(String.join(" ", options(String.join(" ", args))));
    }
}
