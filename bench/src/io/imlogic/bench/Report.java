package io.imlogic.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.imlogic.bench.Figures.Phase;
import io.imlogic.bench.Figures.Row;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the committed results of a bench work directory: {@code OUT.md}, the summary table with the targets'
 * verdicts, and {@code OUT.png}, the same figures as a chart ({@link Chart}). The figures come from {@link Figures}.
 *
 * <ul>
 *   <li>{@code Report default|cluster|soak WORK OUT.md}</li>
 *   <li>{@code Report rate WORK LABEL}: accepted pushes per second of one phase, as an integer</li>
 * </ul>
 */
public final class Report {

    static final String TABLE_HEAD = "| phase | mids/req | accepted/s | delivered/s | raw Vert.x/s | ratio accepted / "
            + "delivered | reply p50 / p99 ms | accept→Kafka p50 / p99 ms | 503 share | journal peak MiB | heap peak MiB "
            + "| CPU % service / others | delivered = expected |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";

    private final Figures f;
    private final StringBuilder md = new StringBuilder();
    private boolean targetsStarted;

    private Report(Figures figures) {
        this.f = figures;
    }

    public static void main(String[] args) throws Exception {
        Figures figures = new Figures(Path.of(args[1]));
        if (args[0].equals("rate")) {
            Phase p = figures.phases.get(args[2]);
            double accepted = figures.samples("monitor.csv").sumDelta("_accepted", p.start(), p.end());
            System.out.println((long) (accepted / p.seconds()));
            return;
        }
        Report report = new Report(figures);
        Path out = Path.of(args[2]);
        Path png = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.md$", "") + ".png");
        Map<String, String> m = figures.meta;
        report.md.append(fmt("Run %s on %s; %s; %s%nService commit %s; %s; %s%nService JVM: %s%s; Kafka timestamps %s%n"
                        + "Other load on the machine while the bench was idle: %s %% CPU busy, load average %s; during each "
                        + "phase: column \"others\" below%n%n", m.get("date"), m.get("machine"), m.get("os"), m.get("java"),
                m.get("commit"), m.get("seed"), m.get("wrk"), m.get("service_java_opts"),
                m.getOrDefault("service_env", "").isBlank() ? "" : "; settings " + m.get("service_env"),
                m.get("timestamp_type"), m.get("background_cpu_percent"), m.get("loadavg")));
        String title = "im-logic " + args[0] + " run " + m.get("date") + ", commit " + m.get("commit");
        switch (args[0]) {
            case "default" -> Chart.phases(report.single(), title, png);
            case "cluster" -> Chart.phases(report.cluster(), title, png);
            case "soak" -> report.soak(title, png);
            default -> throw new IllegalArgumentException(args[0]);
        }
        report.md.append("\n![chart of this table](").append(png.getFileName()).append(")\n");
        Files.writeString(out, report.md);
        System.out.print("\n" + report.md + "\nwritten: " + out + " and " + png + "\n");
    }

    private void table(List<Row> rows) {
        md.append(TABLE_HEAD);
        for (Row r : rows) {
            String raw = r.raw() == 0 ? "–" : fmt("%,.0f", r.raw());
            String ratios = r.raw() == 0 ? "–" : fmt("%.2f / %.2f", r.accepted() / r.raw(), r.delivered() / r.raw());
            md.append(fmt("| %s | %d | %,.0f | %,.0f | %s | %s | %.2f / %.2f | %d / %d | %.1f %% | %.1f | %.0f "
                            + "| %.0f / %.0f | %s (%,d pushes, %,d records) |\n", r.label(), r.phase().mids(),
                    r.accepted(), r.delivered(), raw, ratios, r.replyP50(), r.replyP99(), r.kafkaP50(), r.kafkaP99(),
                    r.requests() == 0 ? 0 : 100.0 * r.rejected() / r.requests(), r.journalMib(), r.heapMib(),
                    r.cpuService(), r.cpuOthers(), r.ok() ? "yes" : "NO", r.inKafka(), r.records()));
        }
    }

    private List<Row> single() throws Exception {
        Samples s = f.samples("monitor.csv");
        Map<Integer, Double> raw = f.rawCeilings();
        List<Row> rows = new ArrayList<>();
        for (Phase p : f.phases.values()) {
            if (p.kind().equals("service")) {
                rows.add(f.row(p, s, p.label().equals("fixed") ? 0 : raw.getOrDefault(p.mids(), 0.0)));
            }
        }
        table(rows);
        double redis = f.redisRate("redis-benchmark.txt");
        md.append(fmt("%nredis-benchmark HGETALL: pipelined (-P 100) %,.0f/s, unpipelined %,.0f/s%n", redis,
                f.redisRate("redis-benchmark-unpipelined.txt")));
        JsonNode lookup = f.json("lookup-ceiling.json");
        if (lookup.has("raw_resp_pipeline")) {
            md.append(fmt("Lookup from Java, 1000 mids per call, %d threads: the service's ConnectionLookup %,.0f mids/s "
                            + "(chunks of 1000), %,.0f (chunks of 100); a bare RESP pipeline %,.0f mids/s%n",
                    lookup.path("threads").asInt(), lookup.path("redisson_chunk_1000").asDouble(),
                    lookup.path("redisson_chunk_100").asDouble(), lookup.path("raw_resp_pipeline").asDouble()));
        }
        for (Row r : rows) {
            md.append(fmt("%s: %,d accepted, %,d in Kafka%s, drained %.1f s after the load; mids delivered/s over load "
                            + "and drain %,.0f%n", r.label(), r.acceptedCount(), r.inKafka(), r.fixed().has("sent")
                            ? " (the generator's warm-up included; the rates and accept→Kafka without it)" : "",
                    (r.phase().drained() - r.phase().end()) / 1000.0, r.midsLoadAndDrain()));
        }
        Row one = find(rows, "mids-1");
        boolean flat = one != null && backlogFlat(one, s);
        // the targets, as ratios within this run
        if (one != null && raw.containsKey(1)) {
            double acc = one.accepted() / one.raw();
            double del = one.delivered() / one.raw();
            target("1 mid/request", acc >= 0.35 && del >= 0.35 && one.rejected() == 0 && flat && one.kafkaP99() < 100,
                    fmt("accepted %.2f and delivered %.2f of raw Vert.x (target ≥ 0.35, stretch 0.5%s); %d answered 503 "
                                    + "(target 0 at %s connections); backlog %s; accept→Kafka p99 %d ms (target < 100)",
                            acc, del, acc >= 0.5 && del >= 0.5 ? ": stretch met" : "", one.rejected(),
                            f.meta.getOrDefault("wrk_conns", "32"), flat ? "flat" : "GROWS", one.kafkaP99()));
        }
        Row thousand = find(rows, "mids-1000");
        if (thousand != null && redis > 0) {
            double ratio = thousand.midsLoadAndDrain() / redis;
            target("1000 mids/request", ratio >= 0.5, fmt("mids delivered/s over load and drain %,.0f = %.2f of "
                    + "redis-benchmark pipelined HGETALL %,.0f/s (target ≥ 0.5)", thousand.midsLoadAndDrain(), ratio, redis));
        }
        Row fixed = find(rows, "fixed");
        if (fixed != null) {
            JsonNode run = fixed.fixed();
            boolean all202 = run.path("statuses").path("202").asLong() == fixed.requests();
            target("fixed rate at half the 1-mid maximum", fixed.replyP99() < 5 && fixed.kafkaP99() < 50 && all202,
                    fmt("%,.0f req/s: reply p99 %.2f ms (corrected for coordinated omission; uncorrected %.2f; target "
                                    + "< 5), accept→Kafka p99 %d ms (target < 50)%s", run.path("target_rate").asDouble(),
                            fixed.replyP99(), run.path("uncorrected_ms").path("p99").asDouble(), fixed.kafkaP99(),
                            all202 ? "" : "; NOT every request answered 202"));
        }
        return rows;
    }

    /** Does delivery keep up at 1 mid: no 503, a backlog trend under 1 % of the accept rate, drained within 5 s. */
    private boolean backlogFlat(Row one, Samples s) {
        Figures.Backlog b = Figures.backlog(one.phase(), s);
        boolean flat = one.rejected() == 0 && b.trend() <= 0.01 * one.accepted()
                && one.phase().drained() - one.phase().end() <= 5000;
        md.append(fmt("Backlog at 1 mid/request (accepted − delivered, counted by the service every %s ms): mean %,.0f, "
                        + "max %,.0f pushes, trend %+.1f pushes/s: %s%n", f.meta.getOrDefault("monitor_interval_ms", "200"),
                b.mean(), b.max(), b.trend(), flat ? "flat" : "GROWS"));
        return flat;
    }

    private List<Row> cluster() throws Exception {
        Samples nodes = f.samples("monitor.csv");
        Samples rc = Files.exists(f.work.resolve("monitor-rc.csv")) ? f.samples("monitor-rc.csv") : nodes;
        List<Row> rows = new ArrayList<>();
        StringBuilder split = new StringBuilder();
        for (Phase p : f.phases.values()) {
            Samples s = p.label().startsWith("rcluster") ? rc : nodes;
            rows.add(f.row(p, s, 0));
            split.append("- ").append(p.label()).append(':');
            for (String node : s.labels("_cpu_ticks")) {
                String rate = s.header().contains(node + "_accepted")
                        ? fmt(" %,.0f accepted/s,", s.delta(node + "_accepted", p.start(), p.end()) / p.seconds()) : "";
                split.append(fmt(" %s%s %.0f %% CPU;", node, rate,
                        s.delta(node + "_cpu_ticks", p.start(), p.end()) / f.clkTck / p.seconds() * 100));
            }
            split.append('\n');
        }
        table(rows);
        md.append("\nPer process (direct-*: node 1 without nginx; one-node/two-nodes: through nginx; rcluster-*: one node "
                + "on a 3-master Redis Cluster):\n").append(split);
        JsonNode check = f.json("redis-cluster.json");
        if (check.has("summary")) {
            md.append("\nRedis Cluster: ").append(check.path("summary").asText()).append('\n');
        }
        return rows;
    }

    /** Sustained load at the 1-mid maximum with a small heap: the journal stays bounded, the heap too, nothing lost. */
    private void soak(String title, Path png) throws Exception {
        Phase p = f.phases.get("soak");
        Samples s = f.samples("monitor.csv");
        Row r = f.row(p, s, 0);
        table(List.of(r));
        double journalMax = s.maxOfSum("_journal_bytes", p.start(), p.drained()) / Figures.MIB;
        // the live heap: the lowest heap in use in each half (right after a collection), not the sawtooth's peaks
        long mid = (p.start() + p.end()) / 2;
        double liveFirst = s.minOfSum("_heap_used", p.start() + (p.end() - p.start()) / 10, mid) / Figures.MIB;
        double liveSecond = s.minOfSum("_heap_used", mid, p.end()) / Figures.MIB;
        boolean alive = "true".equals(f.meta.get("service_alive_after_soak"));
        md.append(fmt("%nSoak: %.0f s at the 1-mid maximum (wrk, %s connections), %,d pushes accepted, %,d delivered to "
                        + "Kafka; journal folder sampled every %s ms; heap in use: peak %.0f MiB, lowest %.0f MiB in the "
                        + "first half and %.0f MiB in the second%n", p.seconds(), f.meta.getOrDefault("wrk_conns", "32"),
                r.acceptedCount(), r.inKafka(), f.meta.getOrDefault("monitor_interval_ms", "?"), r.heapMib(), liveFirst,
                liveSecond));
        target("journal folder", journalMax <= 256, fmt("max %.1f MiB (target never above 256 MiB)", journalMax));
        target("heap", alive && liveSecond <= liveFirst * 1.25 + 32, fmt("%s; live heap %.0f → %.0f MiB between the "
                        + "halves (bounded: at most +25 %% + 32 MiB)", alive ? "service alive at the end" : "SERVICE DIED",
                liveFirst, liveSecond));
        target("nothing lost", r.lost() == 0 && r.ok(), r.lost() < 0
                ? "unknown: the service's counters could not be read after the soak"
                : fmt("accepted − delivered after the drain = %,d; every push checked record by record: %s", r.lost(),
                r.ok() ? "yes" : "NO"));
        Chart.soak(s, p, title, png);
    }

    private void target(String name, boolean met, String detail) {
        md.append(targetsStarted ? "" : "\nTargets:\n").append("- ").append(name).append(": **")
                .append(met ? "MET" : "MISSED").append("**, ").append(detail).append('\n');
        targetsStarted = true;
    }

    private static Row find(List<Row> rows, String phase) {
        return rows.stream().filter(r -> r.phase().label().equals(phase)).findFirst().orElse(null);
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
