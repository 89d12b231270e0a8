package io.imlogic.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What dominates a JFR recording of the service, read with the JDK's {@code jdk.jfr.consumer} API: CPU samples
 * ({@code jdk.ExecutionSample}) by thread, by package, class and im-logic method on the stack (inclusive: a sample
 * counts once for each), the hot frames (self time) with their callers, GC pauses, and allocation by class.
 * {@code JfrTop FILE.jfr [TOP_N]}. For everything else in a recording: {@code jfr summary}, {@code jfr print}.
 */
public final class JfrTop {

    private static final String THREADS = "CPU samples by thread (numbers in the name as #)";
    private static final String PACKAGES = "CPU samples by package on the stack (inclusive; its first three names)";
    private static final String CLASSES = "CPU samples by class on the stack (inclusive)";
    private static final String IMLOGIC = "CPU samples with an im-logic method on the stack (inclusive)";
    private static final String SELF = "hot frames: CPU samples by top frame (self time)";
    private static final String ALLOCATION = "allocation by class (bytes, sampled)";

    private JfrTop() {
    }

    public static void main(String[] args) throws IOException {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Map<String, Long>> tables = new LinkedHashMap<>();
        List.of(THREADS, PACKAGES, CLASSES, IMLOGIC, SELF, ALLOCATION).forEach(t -> tables.put(t, new HashMap<>()));
        Map<String, Map<String, Long>> callers = new HashMap<>();
        long samples = 0;
        long gcs = 0;
        Duration pauses = Duration.ZERO;
        Duration longest = Duration.ZERO;
        try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                switch (event.getEventType().getName()) {
                    case "jdk.ExecutionSample" -> {
                        samples++;
                        RecordedThread thread = event.getThread("sampledThread");
                        add(tables, THREADS, thread == null ? "?" : String.valueOf(thread.getJavaName())
                                .replaceAll("\\d+", "#"), 1);
                        List<RecordedFrame> frames = event.getStackTrace() == null ? List.of()
                                : event.getStackTrace().getFrames();
                        if (!frames.isEmpty()) {
                            String hot = method(frames.get(0));
                            add(tables, SELF, hot, 1);
                            add(callers, hot, frames.stream().skip(1).limit(3).map(JfrTop::method)
                                    .collect(Collectors.joining(" < ")), 1);
                            Set<String> packages = new TreeSet<>();
                            Set<String> classes = new TreeSet<>();
                            Set<String> ours = new TreeSet<>();
                            for (RecordedFrame frame : frames) {
                                String cls = className(frame);
                                String[] names = cls.split("\\.");
                                packages.add(String.join(".", Arrays.copyOf(names, Math.min(3, names.length - 1))));
                                classes.add(cls);
                                if (cls.startsWith("io.imlogic.")) {
                                    ours.add(method(frame));
                                }
                            }
                            packages.forEach(p -> add(tables, PACKAGES, p, 1));
                            classes.forEach(c -> add(tables, CLASSES, c, 1));
                            ours.forEach(m -> add(tables, IMLOGIC, m, 1));
                        }
                    }
                    case "jdk.GarbageCollection" -> {
                        gcs++;
                        pauses = pauses.plus(event.getDuration("sumOfPauses"));
                        longest = longest.compareTo(event.getDuration("longestPause")) > 0 ? longest
                                : event.getDuration("longestPause");
                    }
                    case "jdk.ObjectAllocationSample" ->
                            add(tables, ALLOCATION, event.getClass("objectClass").getName()
                                    .replaceFirst("\\$\\$Lambda.*", "\\$\\$Lambda"), event.getLong("weight"));
                    default -> {
                    }
                }
            }
        }
        long allocated = tables.get(ALLOCATION).values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("%s: %d CPU samples; %d GCs, %d ms of pauses, the longest %d ms; %.1f GB allocated "
                + "(sampled)%n", args[0], samples, gcs, pauses.toMillis(), longest.toMillis(), allocated / 1e9);
        for (Map.Entry<String, Map<String, Long>> table : tables.entrySet()) {
            boolean bytes = table.getKey().equals(ALLOCATION);
            System.out.printf("%n== %s%n", table.getKey());
            int rank = 0;
            for (Map.Entry<String, Long> row : sorted(table.getValue(), top)) {
                System.out.printf("%6.1f%%  %s%n", 100.0 * row.getValue() / Math.max(1, bytes ? allocated : samples),
                        row.getKey());
                if (table.getKey().equals(SELF) && rank++ < 8) { // who calls the 8 hottest: the frames beneath
                    for (Map.Entry<String, Long> caller : sorted(callers.get(row.getKey()), 3)) {
                        System.out.printf("          %5.1f%%  < %s%n", 100.0 * caller.getValue() / samples,
                                caller.getKey());
                    }
                }
            }
        }
    }

    private static void add(Map<String, Map<String, Long>> tables, String table, String key, long count) {
        tables.computeIfAbsent(table, t -> new HashMap<>()).merge(key, count, Long::sum);
    }

    private static List<Map.Entry<String, Long>> sorted(Map<String, Long> counts, int top) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .toList();
    }

    /** The class of a frame; a lambda's generated class as {@code Outer$$Lambda}, without its number. */
    private static String className(RecordedFrame frame) {
        return frame.getMethod().getType().getName().replaceFirst("\\$\\$Lambda.*", "\\$\\$Lambda");
    }

    private static String method(RecordedFrame frame) {
        return className(frame) + "." + frame.getMethod().getName();
    }
}
