package io.imlogic.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What dominates a JFR recording of the service: CPU samples (jdk.ExecutionSample) by top frame, by thread group,
 * and "inclusive" by library (a sample counts for every library on its stack) and by im-logic / Camel step;
 * plus GC pauses and allocation by class. {@code JfrTop FILE.jfr [TOP_N]}.
 */
public final class JfrTop {

    private JfrTop() {
    }

    private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

    static {
        LIBRARIES.put("io.imlogic.", "im-logic code");
        LIBRARIES.put("org.apache.camel.component.platform.http", "Camel platform-http");
        LIBRARIES.put("org.apache.camel.component.kafka", "Camel kafka component");
        LIBRARIES.put("org.apache.camel.processor.WireTap", "Camel wireTap");
        LIBRARIES.put("org.apache.camel.processor.MulticastProcessor", "Camel split/multicast");
        LIBRARIES.put("org.apache.camel.component.bean", "Camel bean binding");
        LIBRARIES.put("org.apache.camel.language.simple", "Camel simple language");
        LIBRARIES.put("org.apache.camel.component.jackson", "Camel jackson data format");
        LIBRARIES.put("org.apache.camel.component.micrometer", "Camel micrometer metrics");
        LIBRARIES.put("org.apache.camel.", "Camel (all)");
        LIBRARIES.put("io.micrometer.", "Micrometer");
        LIBRARIES.put("org.apache.kafka.", "Kafka client");
        LIBRARIES.put("org.redisson.", "Redisson");
        LIBRARIES.put("io.vertx.", "Vert.x");
        LIBRARIES.put("io.netty.", "Netty");
        LIBRARIES.put("com.fasterxml.jackson.", "Jackson");
        LIBRARIES.put("net.jpountz.", "LZ4");
        LIBRARIES.put("java.util.concurrent.", "java.util.concurrent");
        LIBRARIES.put("javax.management.", "JMX");
        LIBRARIES.put("org.apache.camel.management.", "Camel JMX/statistics");
    }

    public static void main(String[] args) throws Exception {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Long> topFrames = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> libraries = new HashMap<>();
        Map<String, Long> imlogicMethods = new HashMap<>();
        Map<String, Long> allocations = new HashMap<>();
        Map<String, Long> selfLibrary = new HashMap<>();
        Map<String, Long> allocationSites = new HashMap<>();
        // longest pause per collection, in microseconds, up to 60 s
        org.HdrHistogram.Histogram pauses = new org.HdrHistogram.Histogram(60_000_000L, 3);
        Map<String, Long> processors = new HashMap<>();
        Map<String, Map<String, Long>> callers = new HashMap<>();
        Map<String, Map<String, Long>> threadTop = new HashMap<>();
        long samples = 0;
        Duration gcPause = Duration.ZERO;
        long gcs = 0;
        long allocBytes = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = event.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                RecordedStackTrace stack = event.getStackTrace();
                RecordedThread thread = event.getThread("sampledThread");
                threads.merge(threadGroup(thread == null ? "?" : thread.getJavaName()), 1L, Long::sum);
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                List<RecordedFrame> frames = stack.getFrames();
                topFrames.merge(name(frames.get(0)), 1L, Long::sum);
                selfLibrary.merge(library(frames), 1L, Long::sum);
                // the first three frames under the top one: who calls the hot code
                StringBuilder chain = new StringBuilder();
                for (int i = 1; i < Math.min(frames.size(), 4); i++) {
                    chain.append(i == 1 ? "" : " < ").append(shortName(frames.get(i)));
                }
                callers.computeIfAbsent(name(frames.get(0)), k -> new HashMap<>()).merge(chain.toString(), 1L, Long::sum);
                // per thread group: the first frame of our own code or of a Camel processor, i.e. which step burns it
                String group = threadGroup(thread == null ? "?" : thread.getJavaName());
                threadTop.computeIfAbsent(group, k -> new HashMap<>()).merge(step(frames), 1L, Long::sum);
                Set<String> seenProcessors = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String cls = frame.getMethod().getType().getName();
                    if ((cls.startsWith("org.apache.camel.processor.") || cls.startsWith("org.apache.camel.component.")
                            || cls.startsWith("org.apache.camel.language.") || cls.startsWith("org.apache.camel.impl.engine."))
                            && seenProcessors.add(simple(cls))) {
                        processors.merge(simple(cls), 1L, Long::sum);
                    }
                }
                Set<String> seen = new HashSet<>();
                Set<String> seenMethods = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String cls = frame.getMethod().getType().getName();
                    for (Map.Entry<String, String> lib : LIBRARIES.entrySet()) {
                        if (cls.startsWith(lib.getKey()) && seen.add(lib.getValue())) {
                            libraries.merge(lib.getValue(), 1L, Long::sum);
                        }
                    }
                    if (cls.startsWith("io.imlogic.") && seenMethods.add(name(frame))) {
                        imlogicMethods.merge(name(frame), 1L, Long::sum);
                    }
                }
            } else if (type.equals("jdk.GarbageCollection")) {
                gcs++;
                gcPause = gcPause.plus(event.getDuration("sumOfPauses"));
                pauses.recordValue(Math.min(60_000_000L, event.getDuration("longestPause").toNanos() / 1000));
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                long weight = event.getLong("weight");
                allocBytes += weight;
                allocations.merge(event.getClass("objectClass").getName(), weight, Long::sum);
                RecordedStackTrace stack = event.getStackTrace();
                if (stack != null) {
                    allocationSites.merge(allocationSite(stack.getFrames()), weight, Long::sum);
                }
            }
        }
        System.out.printf("%s: %d CPU samples; %d GCs, %d ms of pauses; %.1f GB allocated (sampled)%n",
                args[0], samples, gcs, gcPause.toMillis(), allocBytes / 1e9);
        print("CPU samples by thread group", threads, samples, top);
        print("CPU samples by library on the stack (inclusive; a sample counts once per library)", libraries, samples, 40);
        print("CPU samples with an im-logic method on the stack (inclusive)", imlogicMethods, samples, top);
        print("CPU samples by library of the top frame (self time)", selfLibrary, samples, 20);
        print("CPU samples by Camel class on the stack (inclusive)", processors, samples, 30);
        print("CPU samples by top frame (self time)", topFrames, samples, top);
        final long all = samples;
        System.out.println();
        System.out.println("== callers of the 8 hottest frames (3 frames below the top, share of all samples)");
        topFrames.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> {
                    System.out.printf("%6.1f%%  %s%n", 100.0 * e.getValue() / all, e.getKey());
                    callers.get(e.getKey()).entrySet().stream()
                            .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                            .forEach(c -> System.out.printf("          %5.1f%%  < %s%n", 100.0 * c.getValue() / all,
                                    c.getKey()));
                });
        System.out.println();
        System.out.println("== per thread group: the innermost im-logic method or Camel/library step on the stack");
        threads.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .forEach(e -> {
                    System.out.printf("%6.1f%%  %s%n", 100.0 * e.getValue() / all, e.getKey());
                    Map<String, Long> steps = threadTop.getOrDefault(e.getKey(), Map.of());
                    steps.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                            .forEach(c -> System.out.printf("          %5.1f%%  %s%n", 100.0 * c.getValue() / all,
                                    c.getKey()));
                });
        print("allocation by class (bytes, sampled)", allocations, allocBytes, 15);
        print("allocation by site: first frame outside java.* (bytes, sampled)", allocationSites, allocBytes, 20);
        if (pauses.getTotalCount() > 0) {
            System.out.printf("%n== GC: %d collections, longest pause per collection: median %.1f ms, p90 %.1f ms, max %.1f ms%n",
                    pauses.getTotalCount(), pauses.getValueAtPercentile(50) / 1000.0,
                    pauses.getValueAtPercentile(90) / 1000.0, pauses.getMaxValue() / 1000.0);
        }
    }

    private static String allocationSite(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String cls = frame.getMethod().getType().getName();
            if (!cls.startsWith("java.") && !cls.startsWith("jdk.") && !cls.startsWith("sun.")) {
                return shortName(frame) + " (" + cls.substring(0, Math.max(0, cls.lastIndexOf('.'))) + ")";
            }
        }
        return frames.isEmpty() ? "?" : shortName(frames.get(0));
    }

    private static String simple(String cls) {
        int dollar = cls.indexOf('$');
        String outer = dollar > 0 ? cls.substring(0, dollar) : cls;
        return outer.replace("org.apache.camel.", "camel.");
    }

    private static String shortName(RecordedFrame frame) {
        String cls = frame.getMethod().getType().getName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }

    /** The library of the top frame; JDK frames count for the first non-JDK caller's library ("JDK via X"). */
    private static String library(List<RecordedFrame> frames) {
        for (int i = 0; i < frames.size(); i++) {
            String cls = frames.get(i).getMethod().getType().getName();
            for (Map.Entry<String, String> lib : LIBRARIES.entrySet()) {
                if (!lib.getValue().startsWith("Camel ") || lib.getValue().equals("Camel (all)")) {
                    if (cls.startsWith(lib.getKey()) && !lib.getKey().startsWith("java.")) {
                        return (i == 0 ? "" : "JDK code called from ") + lib.getValue();
                    }
                }
            }
        }
        return "JDK only";
    }

    /** The innermost frame that is im-logic code, a Camel processor/component, or a known library entry point. */
    private static String step(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String cls = frame.getMethod().getType().getName();
            if (cls.startsWith("io.imlogic.")) {
                return shortName(frame);
            }
        }
        for (RecordedFrame frame : frames) {
            String cls = frame.getMethod().getType().getName();
            if (cls.startsWith("org.apache.camel.processor.") || cls.startsWith("org.apache.camel.component.")
                    || cls.startsWith("org.apache.camel.language.")) {
                return simple(cls) + "." + frame.getMethod().getName();
            }
        }
        RecordedFrame last = frames.get(frames.size() - 1);
        return "(no Camel step) " + shortName(frames.get(0)) + " ... " + shortName(last);
    }

    private static String name(RecordedFrame frame) {
        String cls = frame.getMethod().getType().getName();
        return cls + "." + frame.getMethod().getName();
    }

    /** Thread names without their numbers: "vert.x-worker-thread-7" becomes "vert.x-worker-thread-#". */
    static String threadGroup(String name) {
        return name == null ? "?" : name.replaceAll("\\d+", "#");
    }

    private static void print(String title, Map<String, Long> counts, long total, int top) {
        System.out.println();
        System.out.println("== " + title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf("%6.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }
}
