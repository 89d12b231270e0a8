package io.imlogic.it.fuzz;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

import static io.imlogic.it.fuzz.FuzzText.escape;
import static io.imlogic.it.fuzz.FuzzText.hex;

/**
 * What a fuzz run saw: every rule broken (grouped, each with the flags that replay its case alone), the statuses per
 * family, the transports used, slow requests, and the accepted pushes the pipeline must still deliver.
 */
final class FuzzReport {

    /** A broken rule: which, the status, and the case that broke it. */
    record Failure(String kind, int status, String category, String endpoint, String repro, String request,
                   String responsePrefix) {
        String group() {
            String signature = responsePrefix.replaceAll("[0-9]+", "#");
            signature = signature.length() > 60 ? signature.substring(0, 60) : signature;
            return kind + " | " + (status == 0 ? "no status" : status) + " | " + category + " | " + signature;
        }
    }

    private final long seed;
    private final int maxListed;
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> statusByCategory = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> transports = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> acceptedPushes = new ConcurrentLinkedQueue<>();
    private final LongAdder sent = new LongAdder();
    private final ConcurrentLinkedQueue<String> slow = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> retried = new ConcurrentLinkedQueue<>();

    FuzzReport(long seed, int maxListed) {
        this.seed = seed;
        this.maxListed = maxListed;
    }

    void sent() {
        sent.increment();
    }

    void transport(String name) {
        transports.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    void retried(String what) {
        retried.add(what);
    }

    void slow(long millis, Case c) {
        slow.add(millis + " ms: " + repro(c.index, c.seed) + " " + c.describe(150));
    }

    /** Counts the response's status for the case's family; keeps an accepted push; records a broken rule. */
    void judged(Case c, Response r, String verdict) {
        statusByCategory.computeIfAbsent(c.category + " " + (r.status == 0 ? "none" : r.status),
                k -> new LongAdder()).increment();
        if (r.error == null && r.status >= 200 && r.status < 300 && c.kind == Endpoint.Kind.PUSH
                && Judge.isPushPath(c.target)) {
            acceptedPushes.add(c.describe(120));
        }
        if (verdict != null) {
            failures.add(new Failure(verdict, r.status, c.category, c.endpointLabel(), repro(c.index, c.seed),
                    c.describe(300), r.bodyPrefix()));
        }
    }

    /** A failure of the run itself, not of one response. */
    void failure(String kind, String where, String repro) {
        failures.add(new Failure(kind, 0, where, "-", repro, "", ""));
    }

    List<Failure> failures() {
        return new ArrayList<>(failures);
    }

    /** The largest accepted pushes: the suspects when the pipeline does not deliver them all. */
    List<String> largestAcceptedPushes(int count) {
        List<String> suspects = new ArrayList<>(acceptedPushes);
        suspects.sort(Comparator.comparingInt(FuzzReport::bodySizeOf).reversed());
        return suspects.subList(0, Math.min(count, suspects.size()));
    }

    /** How to run case {@code index} again, alone. */
    String repro(int index, long caseSeed) {
        return "case #" + index + " (-Dfuzz.seed=" + seed + " -Dfuzz.case=" + index + ", case seed " + hex(caseSeed)
                + ")";
    }

    String summary(long millis) {
        List<Failure> failures = failures();
        long sent = this.sent.sum();
        Map<String, List<Failure>> groups = new LinkedHashMap<>();
        failures.sort(Comparator.comparing((Failure f) -> f.kind()).thenComparing(Failure::repro));
        for (Failure failure : failures) {
            groups.computeIfAbsent(failure.group(), g -> new ArrayList<>()).add(failure);
        }
        Map<String, Integer> byKind = new TreeMap<>();
        failures.forEach(f -> byKind.merge(f.kind(), 1, Integer::sum));
        StringBuilder text = new StringBuilder();
        text.append(failures.size()).append(" of ").append(sent).append(" malformed requests broke the rules (seed ")
                .append(seed).append(" = ").append(hex(seed)).append(", ").append(millis).append(" ms).\nBy kind: ")
                .append(byKind).append("\n").append(groups.size()).append(" distinct failures");
        if (groups.size() > maxListed) {
            text.append(", the first ").append(maxListed).append(" listed");
        }
        text.append(":\n");
        List<Map.Entry<String, List<Failure>>> listed = new ArrayList<>(groups.entrySet());
        listed.sort(Comparator.comparing((Map.Entry<String, List<Failure>> g) -> g.getValue().get(0).kind())
                .thenComparing(g -> -g.getValue().size()));
        String lastKind = null;
        int n = 0;
        for (Map.Entry<String, List<Failure>> group : listed) {
            if (n++ == maxListed) {
                break;
            }
            Failure example = group.getValue().get(0);
            List<Failure> others = new ArrayList<>();
            Set<String> seen = new HashSet<>(List.of(example.request().split(":")[0]));
            for (Failure other : group.getValue()) {
                if (others.size() < 2 && seen.add(other.request().split(":")[0])) {
                    others.add(other);
                }
            }
            if (!example.kind().equals(lastKind)) {
                text.append("== ").append(example.kind()).append('\n');
                lastKind = example.kind();
            }
            Set<String> endpoints = new TreeSet<>();
            group.getValue().forEach(f -> endpoints.add(f.endpoint()));
            String where = String.join(", ", endpoints);
            text.append(String.format(
                    "  %d× status %s [%s] on %s%n     e.g. %s%n     request:  %s%n     response: %s%n",
                    group.getValue().size(), example.status() == 0 ? "none" : example.status(), example.category(),
                    escape(where, 160), example.repro(), example.request(), example.responsePrefix()));
            for (Failure other : others) {
                text.append(String.format("     also %s%n       request:  %s%n       response: %s%n", other.repro(),
                        escape(other.request(), 200), other.responsePrefix()));
            }
        }
        return text.toString();
    }

    String statistics(long millis) {
        Map<String, Map<String, Long>> table = new TreeMap<>();
        statusByCategory.forEach((key, count) -> {
            int space = key.lastIndexOf(' ');
            table.computeIfAbsent(key.substring(0, space), k -> new TreeMap<>()).put(key.substring(space + 1),
                    count.sum());
        });
        StringBuilder text = new StringBuilder();
        text.append("MalformedInputFuzzIT: ").append(sent.sum()).append(" requests in ").append(millis)
                .append(" ms, seed ").append(seed).append(" (").append(hex(seed)).append("), transports ");
        transports.forEach((k, v) -> text.append(k).append('=').append(v.sum()).append(' '));
        text.append('\n');
        table.forEach((category, statuses) -> text.append(String.format("  %-16s %s%n", category, statuses)));
        if (!retried.isEmpty()) {
            text.append("  HttpClient I/O errors (each retried on a fresh raw socket and judged there):\n");
            retried.stream().limit(10).forEach(retried -> text.append("    ").append(retried).append('\n'));
        }
        if (!slow.isEmpty()) {
            text.append("  requests slower than 1 s:\n");
            slow.stream().limit(20).forEach(slow -> text.append("    ").append(slow).append('\n'));
        }
        return text.toString();
    }

    private static int bodySizeOf(String description) {
        int at = description.indexOf("body(");
        if (at < 0) {
            return 0;
        }
        return Integer.parseInt(description.substring(at + 5, description.indexOf(' ', at)));
    }
}
