package io.imlogic.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a bench work directory into one table with the targets' verdicts: {@code OUT.md} (committed under
 * bench/results) and {@code WORK/report.json} (not committed).
 *
 * <ul>
 *   <li>{@code Report default|cluster|soak WORK OUT.md}</li>
 *   <li>{@code Report rate WORK LABEL}: accepted pushes per second of one phase, as an integer</li>
 * </ul>
 *
 * <p>Accepted/s come from the service's own counters (over JMX, sampled by {@link Monitor}) between a phase's start
 * and end. Delivered/s come from Kafka: a push counts when its last record is in the topic (its LogAppendTime), by
 * its request id ({@link KafkaTool} verify), so a push the service counted but Kafka does not hold is not delivered.
 */
public final class Report {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double MIB = 1024.0 * 1024.0;

    private Report() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[1]);
        if (args[0].equals("rate")) {
            Phase phase = phases(work).get(args[2]);
            Csv csv = Csv.read(work.resolve("monitor.csv"));
            System.out.println((long) (csv.sumDelta("_accepted", phase.start, phase.end) / phase.seconds()));
            return;
        }
        Map<String, String> meta = meta(work);
        ObjectNode result = JSON.createObjectNode();
        result.set("meta", JSON.valueToTree(meta));
        StringBuilder md = new StringBuilder(header(meta));
        switch (args[0]) {
            case "default" -> single(work, meta, result, md);
            case "cluster" -> cluster(work, meta, result, md);
            case "soak" -> soak(work, meta, result, md);
            default -> throw new IllegalArgumentException(args[0]);
        }
        Files.writeString(work.resolve("report.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        Files.writeString(Path.of(args[2]), md.toString());
        System.out.println();
        System.out.print(md);
        System.out.println("\nwritten: " + args[2] + " (table) and " + work.resolve("report.json"));
    }

    /** A line of phases.txt: start and end of the load, when it drained, and the exact counters before and after. */
    record Phase(String label, String kind, int mids, long start, long end, long drained, int nodes, long acc0,
                 long del0, long acc1, long del1) {
        double seconds() {
            return (end - start) / 1000.0;
        }
    }

    static Map<String, Phase> phases(Path work) throws IOException {
        Map<String, Phase> phases = new LinkedHashMap<>();
        for (String line : Files.readAllLines(work.resolve("phases.txt"))) {
            String[] f = line.trim().split("\\s+");
            long[] n = new long[11];
            for (int i = 2; i < f.length && i < 11; i++) {
                n[i] = Long.parseLong(f[i]);
            }
            phases.put(f[0], new Phase(f[0], f[1], (int) n[2], n[3], n[4], n[5], (int) n[6],
                    f.length >= 11 ? n[7] : -1, n[8], n[9], n[10]));
        }
        return phases;
    }

    static Map<String, String> meta(Path work) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        for (String line : Files.readAllLines(work.resolve("meta.txt"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                meta.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return meta;
    }

    static JsonNode json(Path file) throws IOException {
        return Files.exists(file) && Files.size(file) > 0 ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
    }

    static double redisRate(Path file) throws IOException {
        Matcher m = Pattern.compile("([0-9.]+) requests per second")
                .matcher(Files.exists(file) ? Files.readString(file) : "");
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    static String header(Map<String, String> m) {
        return "Run " + m.get("date") + " on " + m.get("machine") + "; " + m.get("os") + "; " + m.get("java")
                + "\nService commit " + m.get("commit") + "; " + m.get("seed") + "; " + m.get("wrk")
                + "\nService JVM: " + m.get("service_java_opts") + (m.getOrDefault("service_env", "").isBlank() ? ""
                : "; settings " + m.get("service_env")) + "; Kafka timestamps " + m.get("timestamp_type")
                + "\nOther load on the machine while the bench was idle: " + m.get("background_cpu_percent")
                + " % CPU busy, load average " + m.get("loadavg")
                + "; during each phase: column \"others\" below\n\n";
    }

    /** The figures of one service phase. */
    static ObjectNode row(Path work, Phase p, Csv csv, int clkTck) throws IOException {
        JsonNode wrk = json(work.resolve("phase-" + p.label + ".wrk.json"));
        JsonNode kafka = json(work.resolve("phase-" + p.label + ".kafka.json"));
        JsonNode fixed = json(work.resolve("phase-" + p.label + ".fixed.json"));
        double secs = p.seconds();
        // -1: the service's counters could not be read before or after the phase (e.g. it died)
        long accepted = p.acc0 >= 0 && p.acc1 >= 0 ? p.acc1 - p.acc0 : -1;
        long deliveredCounted = p.del1 - p.del0;
        long inKafka = kafka.path("requests").asLong();
        long complete = kafka.path("complete_requests").asLong();
        // pushes whose last record reached Kafka during the load, from its start until the last one (a fixed-rate
        // phase's window leaves out the generator's warm-up, whose pushes are in Kafka too)
        long deliveredDuringLoad = 0;
        long deliveredSinceStart = 0;
        long lastDelivery = p.end;
        for (Map.Entry<String, JsonNode> bucket : kafka.path("delivered_per_100ms").properties()) {
            long t = Long.parseLong(bucket.getKey()) * 100;
            if (t >= p.start && t + 100 <= p.end) {
                deliveredDuringLoad += bucket.getValue().asLong();
            }
            if (t >= p.start) {
                deliveredSinceStart += bucket.getValue().asLong();
            }
            lastDelivery = Math.max(lastDelivery, t + 100);
        }
        ObjectNode row = JSON.createObjectNode();
        row.put("label", p.label);
        row.put("mids_per_request", p.mids);
        row.put("nodes", p.nodes);
        row.put("seconds", round(secs, 1));
        row.put("accepted_per_s", round(csv.sumDelta("_accepted", p.start, p.end) / secs, 0));
        row.put("delivered_per_s", round(deliveredDuringLoad / secs, 0));
        row.put("mids_delivered_per_s_load_and_drain",
                round(deliveredSinceStart * p.mids / ((lastDelivery - p.start) / 1000.0), 0));
        row.put("accepted", accepted);
        row.put("in_kafka", inKafka);
        row.put("lost", accepted < 0 ? -1 : accepted - complete);
        row.put("drain_ms", p.drained - p.end);
        long requests;
        long rejected;
        if (fixed.has("sent")) {
            requests = fixed.path("sent").asLong();
            rejected = fixed.path("statuses").path("503").asLong();
            row.put("reply_p50_ms", fixed.path("corrected_ms").path("p50").asDouble());
            row.put("reply_p99_ms", fixed.path("corrected_ms").path("p99").asDouble());
            row.put("reply_p99_uncorrected_ms", fixed.path("uncorrected_ms").path("p99").asDouble());
            row.put("all_202", fixed.path("statuses").path("202").asLong() == requests);
            row.put("target_rate", fixed.path("target_rate").asDouble());
        } else {
            requests = wrk.path("requests").asLong();
            rejected = wrk.path("statuses").path("503").asLong();
            row.put("reply_p50_ms", wrk.path("latency_us").path("p50").asDouble() / 1000);
            row.put("reply_p99_ms", wrk.path("latency_us").path("p99").asDouble() / 1000);
        }
        row.put("requests", requests);
        row.put("replies_503", rejected);
        row.put("share_503", requests == 0 ? 0 : round((double) rejected / requests, 4));
        row.put("accept_to_kafka_p50_ms", kafka.path("accept_to_kafka_ms").path("p50").asLong());
        row.put("accept_to_kafka_p99_ms", kafka.path("accept_to_kafka_ms").path("p99").asLong());
        row.put("journal_peak_mib", round(csv.maxOfSum("_journal_bytes", p.start, p.drained) / MIB, 1));
        row.put("heap_peak_mib", round(csv.maxOfSum("_heap_used", p.start, p.drained) / MIB, 0));
        double cpu = 0;
        for (String node : csv.labelsWith("_accepted")) {
            cpu += csv.delta(node + "_cpu_ticks", p.start, p.end) / clkTck / secs * 100;
        }
        row.put("service_cpu_percent", round(cpu, 0));
        double total = csv.delta("sys_total", p.start, p.end);
        double busy = csv.delta("sys_busy", p.start, p.end);
        row.put("machine_cpu_percent", round(total <= 0 ? 0 : busy / total * 100, 0));
        row.put("others_cpu_percent", round(total <= 0 ? 0
                : Math.max(0, busy - csv.delta("bench_ticks", p.start, p.end)) / total * 100, 0));
        row.put("kafka_records", kafka.path("records").asLong());
        row.put("kafka_problems", kafka.path("problem_count").asLong());
        row.set("kafka_problem_samples", kafka.path("problems"));
        // every accepted push is in Kafka once, complete, nothing else is there, and the service agrees
        row.put("delivered_equals_expected", inKafka == accepted && complete == accepted && deliveredCounted == accepted
                && kafka.path("problem_count").asLong() == 0 && accepted >= 0);
        return row;
    }

    static final String TABLE_HEAD = "| phase | mids/req | accepted/s | delivered/s | raw Vert.x/s | ratio accepted / "
            + "delivered | reply p50 / p99 ms | accept→Kafka p50 / p99 ms | 503 share | journal peak MiB | heap peak MiB "
            + "| CPU % service / others | delivered = expected |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";

    static String tableRow(JsonNode r) {
        double raw = r.path("raw_vertx_per_s").asDouble();
        return String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %s | %s | %.2f / %.2f | %d / %d | %.1f %% | %.1f "
                        + "| %.0f | %.0f / %.0f | %s (%,d pushes, %,d records) |\n",
                r.path("label").asText(), r.path("mids_per_request").asInt(), r.path("accepted_per_s").asDouble(),
                r.path("delivered_per_s").asDouble(), raw == 0 ? "–" : String.format(Locale.ROOT, "%,.0f", raw),
                raw == 0 ? "–" : String.format(Locale.ROOT, "%.2f / %.2f", r.path("accepted_per_s").asDouble() / raw,
                        r.path("delivered_per_s").asDouble() / raw),
                r.path("reply_p50_ms").asDouble(), r.path("reply_p99_ms").asDouble(),
                r.path("accept_to_kafka_p50_ms").asLong(), r.path("accept_to_kafka_p99_ms").asLong(),
                r.path("share_503").asDouble() * 100, r.path("journal_peak_mib").asDouble(),
                r.path("heap_peak_mib").asDouble(), r.path("service_cpu_percent").asDouble(),
                r.path("others_cpu_percent").asDouble(), r.path("delivered_equals_expected").asBoolean() ? "yes" : "NO",
                r.path("in_kafka").asLong(), r.path("kafka_records").asLong());
    }

    static void single(Path work, Map<String, String> meta, ObjectNode result, StringBuilder md) throws Exception {
        int clkTck = Integer.parseInt(meta.getOrDefault("clk_tck", "100"));
        Map<String, Phase> phases = phases(work);
        Csv csv = Csv.read(work.resolve("monitor.csv"));
        double redisPipelined = redisRate(work.resolve("redis-benchmark.txt"));
        Map<Integer, Double> raw = new LinkedHashMap<>();
        for (Phase p : phases.values()) {
            if (p.kind.equals("raw")) {
                JsonNode wrk = json(work.resolve("raw-" + p.mids + ".wrk.json"));
                raw.put(p.mids, wrk.path("requests").asDouble() / (wrk.path("duration_us").asDouble(1) / 1e6));
            }
        }
        ArrayNode rows = result.putArray("phases");
        md.append(TABLE_HEAD);
        for (Phase p : phases.values()) {
            if (p.kind.equals("service")) {
                ObjectNode r = row(work, p, csv, clkTck);
                r.put("raw_vertx_per_s", p.label.equals("fixed") ? 0 : round(raw.getOrDefault(p.mids, 0.0), 0));
                if (p.label.equals("fixed")) {
                    r.put("label", String.format(Locale.ROOT, "fixed %,.0f/s", r.path("target_rate").asDouble()));
                }
                rows.add(r);
                md.append(tableRow(r));
            }
        }
        md.append(String.format(Locale.ROOT, "%nredis-benchmark HGETALL: pipelined (-P 100) %,.0f/s, unpipelined %,.0f/s%n",
                redisPipelined, redisRate(work.resolve("redis-benchmark-unpipelined.txt"))));
        JsonNode lookup = json(work.resolve("lookup-ceiling.json"));
        result.set("lookup_from_java", lookup);
        if (lookup.has("raw_resp_pipeline")) {
            md.append(String.format(Locale.ROOT, "Lookup from Java, 1000 mids per call, %d threads: the service's "
                            + "ConnectionLookup %,.0f mids/s (chunks of 1000), %,.0f (chunks of 100); a bare RESP pipeline "
                            + "%,.0f mids/s%n", lookup.path("threads").asInt(), lookup.path("redisson_chunk_1000").asDouble(),
                    lookup.path("redisson_chunk_100").asDouble(), lookup.path("raw_resp_pipeline").asDouble()));
        }
        for (JsonNode r : rows) {
            md.append(String.format(Locale.ROOT, "%s: %,d accepted, %,d in Kafka%s, drained %.1f s after the load; "
                            + "mids delivered/s over load and drain %,.0f%n", r.path("label").asText(),
                    r.path("accepted").asLong(), r.path("in_kafka").asLong(),
                    r.has("target_rate") ? " (the generator's warm-up included; the rates and accept→Kafka without it)" : "",
                    r.path("drain_ms").asDouble() / 1000,
                    r.path("mids_delivered_per_s_load_and_drain").asDouble()));
        }
        ObjectNode backlog = backlog(phases.get("mids-1"), csv, work);
        result.set("backlog_1_mid", backlog);
        if (backlog.has("trend_per_s")) {
            md.append(String.format(Locale.ROOT, "Backlog at 1 mid/request (accepted − delivered, counted by the "
                            + "service every 200 ms): mean %,.0f, max %,.0f pushes, trend %+.1f pushes/s: %s%n",
                    backlog.path("mean").asDouble(), backlog.path("max").asDouble(),
                    backlog.path("trend_per_s").asDouble(), backlog.path("flat").asBoolean() ? "flat" : "GROWS"));
        }

        // the targets, as ratios within this run
        ObjectNode targets = result.putObject("targets");
        JsonNode one = find(rows, "mids-1");
        if (one != null && raw.containsKey(1)) {
            double acc = one.path("accepted_per_s").asDouble() / raw.get(1);
            double del = one.path("delivered_per_s").asDouble() / raw.get(1);
            long p99 = one.path("accept_to_kafka_p99_ms").asLong();
            boolean met = acc >= 0.35 && del >= 0.35 && one.path("replies_503").asLong() == 0
                    && backlog.path("flat").asBoolean() && p99 < 100;
            target(targets, md, "1 mid/request", met, String.format(Locale.ROOT, "accepted %.2f and delivered %.2f "
                            + "of raw Vert.x (target ≥ 0.35, stretch 0.5%s); %d answered 503 (target 0 at %s connections); "
                            + "backlog %s; accept→Kafka p99 %d ms (target < 100)", acc, del,
                    acc >= 0.5 && del >= 0.5 ? ": stretch met" : "", one.path("replies_503").asLong(),
                    meta.getOrDefault("wrk_conns", "32"), backlog.path("flat").asBoolean() ? "flat" : "GROWS", p99));
        }
        JsonNode thousand = find(rows, "mids-1000");
        if (thousand != null && redisPipelined > 0) {
            double ratio = thousand.path("mids_delivered_per_s_load_and_drain").asDouble() / redisPipelined;
            target(targets, md, "1000 mids/request", ratio >= 0.5, String.format(Locale.ROOT, "mids delivered/s over "
                            + "load and drain %,.0f = %.2f of redis-benchmark pipelined HGETALL %,.0f/s (target ≥ 0.5)",
                    thousand.path("mids_delivered_per_s_load_and_drain").asDouble(), ratio, redisPipelined));
        }
        JsonNode fixed = find(rows, "fixed");
        if (fixed != null) {
            double reply = fixed.path("reply_p99_ms").asDouble();
            long a2k = fixed.path("accept_to_kafka_p99_ms").asLong();
            target(targets, md, "fixed rate at half the 1-mid maximum", reply < 5 && a2k < 50
                            && fixed.path("all_202").asBoolean(), String.format(Locale.ROOT, "%,.0f req/s: reply p99 %.2f ms "
                            + "(corrected for coordinated omission; uncorrected %.2f; target < 5), accept→Kafka p99 %d ms "
                            + "(target < 50)%s", fixed.path("target_rate").asDouble(), reply,
                    fixed.path("reply_p99_uncorrected_ms").asDouble(), a2k,
                    fixed.path("all_202").asBoolean() ? "" : "; NOT every request answered 202"));
        }
    }

    /** Does delivery keep up at 1 mid: no 503, no upward trend in the backlog, drained within 5 s. */
    static ObjectNode backlog(Phase one, Csv csv, Path work) throws IOException {
        ObjectNode b = JSON.createObjectNode();
        if (one == null) {
            return b;
        }
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, max = 0;
        for (long t = one.start + 1000; t <= one.end; t += 500) {
            double x = (t - one.start) / 1000.0;
            double y = csv.sumAt("_accepted", t) - csv.sumAt("_delivered", t);
            n++;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            max = Math.max(max, y);
        }
        double slope = n < 3 ? 0 : (n * sxy - sx * sy) / (n * sxx - sx * sx);
        double acceptRate = csv.sumDelta("_accepted", one.start, one.end) / one.seconds();
        long rejected = json(work.resolve("phase-" + one.label + ".wrk.json")).path("statuses").path("503").asLong();
        b.put("mean", round(n == 0 ? 0 : sy / n, 0));
        b.put("max", round(max, 0));
        b.put("trend_per_s", round(slope, 1));
        // flat: a trend under 1 % of the accept rate per second, and what is left drains within 5 s
        b.put("flat", rejected == 0 && slope <= 0.01 * acceptRate && one.drained - one.end <= 5000);
        return b;
    }

    static void cluster(Path work, Map<String, String> meta, ObjectNode result, StringBuilder md) throws Exception {
        int clkTck = Integer.parseInt(meta.getOrDefault("clk_tck", "100"));
        Csv nodes = Csv.read(work.resolve("monitor.csv"));
        Csv rc = Files.exists(work.resolve("monitor-rc.csv")) ? Csv.read(work.resolve("monitor-rc.csv")) : null;
        ArrayNode rows = result.putArray("phases");
        md.append(TABLE_HEAD);
        StringBuilder split = new StringBuilder();
        for (Phase p : phases(work).values()) {
            Csv csv = p.label.startsWith("rcluster") && rc != null ? rc : nodes;
            ObjectNode r = row(work, p, csv, clkTck);
            rows.add(r);
            md.append(tableRow(r));
            split.append("- ").append(p.label).append(':');
            for (String node : csv.labelsWith("_cpu_ticks")) {
                String rate = csv.has(node + "_accepted") ? String.format(Locale.ROOT, " %,.0f accepted/s,",
                        csv.delta(node + "_accepted", p.start, p.end) / p.seconds()) : "";
                split.append(String.format(Locale.ROOT, " %s%s %.0f %% CPU;", node, rate,
                        csv.delta(node + "_cpu_ticks", p.start, p.end) / clkTck / p.seconds() * 100));
            }
            split.append('\n');
        }
        md.append("\nPer process (direct-*: node 1 without nginx; one-node/two-nodes: through nginx; rcluster-*: one node "
                + "on a 3-master Redis Cluster):\n").append(split);
        JsonNode check = json(work.resolve("redis-cluster.json"));
        result.set("redis_cluster", check);
        if (check.has("summary")) {
            md.append("\nRedis Cluster: ").append(check.path("summary").asText()).append('\n');
        }
    }

    /** Sustained load at the 1-mid maximum with a small heap: the journal stays bounded, the heap too, nothing lost. */
    static void soak(Path work, Map<String, String> meta, ObjectNode result, StringBuilder md) throws Exception {
        int clkTck = Integer.parseInt(meta.getOrDefault("clk_tck", "100"));
        Phase p = phases(work).get("soak");
        Csv csv = Csv.read(work.resolve("monitor.csv"));
        ObjectNode r = row(work, p, csv, clkTck);
        result.set("soak", r);
        md.append(TABLE_HEAD).append(tableRow(r)).append('\n');
        double journalMax = csv.maxOfSum("_journal_bytes", p.start, p.drained) / MIB;
        // the live heap: the lowest heap in use in each half (right after a collection), not the sawtooth's peaks
        long mid = (p.start + p.end) / 2;
        double liveFirst = csv.minOfSum("_heap_used", p.start + (p.end - p.start) / 10, mid) / MIB;
        double liveSecond = csv.minOfSum("_heap_used", mid, p.end) / MIB;
        boolean alive = "true".equals(meta.get("service_alive_after_soak"));
        boolean heapBounded = alive && liveSecond <= liveFirst * 1.25 + 32;
        long lost = r.path("lost").asLong();
        r.put("journal_max_mib", round(journalMax, 1));
        r.put("live_heap_first_half_mib", round(liveFirst, 0));
        r.put("live_heap_second_half_mib", round(liveSecond, 0));
        md.append(String.format(Locale.ROOT, "Soak: %.0f s at the 1-mid maximum (wrk, %s connections), %,d pushes "
                        + "accepted, %,d delivered to Kafka; journal folder sampled every %s ms; heap in use: peak %.0f MiB, "
                        + "lowest %.0f MiB in the first half and %.0f MiB in the second%n", p.seconds(),
                meta.getOrDefault("wrk_conns", "32"), r.path("accepted").asLong(), r.path("in_kafka").asLong(),
                meta.getOrDefault("monitor_interval_ms", "?"), r.path("heap_peak_mib").asDouble(), liveFirst,
                liveSecond));
        ObjectNode targets = result.putObject("targets");
        target(targets, md, "journal folder", journalMax <= 256, String.format(Locale.ROOT,
                "max %.1f MiB (target never above 256 MiB)", journalMax));
        target(targets, md, "heap", heapBounded, String.format(Locale.ROOT, "%s; live heap %.0f → %.0f MiB between "
                        + "the halves (bounded: at most +25 %% + 32 MiB)", alive ? "service alive at the end"
                        : "SERVICE DIED", liveFirst, liveSecond));
        target(targets, md, "nothing lost", lost == 0 && r.path("delivered_equals_expected").asBoolean(),
                lost < 0 ? "unknown: the service's counters could not be read after the soak"
                        : String.format(Locale.ROOT, "accepted − delivered after the drain = %,d; every push checked "
                        + "record by record: %s", lost, r.path("delivered_equals_expected").asBoolean() ? "yes" : "NO"));
    }

    static void target(ObjectNode targets, StringBuilder md, String name, boolean met, String detail) {
        if (targets.isEmpty()) {
            md.append("\nTargets:\n");
        }
        ObjectNode t = targets.putObject(name);
        t.put("met", met);
        t.put("detail", detail);
        md.append("- ").append(name).append(": **").append(met ? "MET" : "MISSED").append("**, ").append(detail)
                .append('\n');
    }

    static JsonNode find(ArrayNode rows, String label) {
        for (JsonNode row : rows) {
            if (row.path("label").asText().startsWith(label)
                    && (row.path("label").asText().length() == label.length() || label.equals("fixed"))) {
                return row;
            }
        }
        return null;
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    /** The monitor's samples; counters interpolated linearly between samples, -1 (not available) skipped. */
    static final class Csv {
        final String[] header;
        final List<double[]> rows = new ArrayList<>();

        private Csv(String[] header) {
            this.header = header;
        }

        static Csv read(Path file) throws IOException {
            List<String> lines = Files.readAllLines(file);
            Csv csv = new Csv(lines.get(0).split(","));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                if (f.length == csv.header.length) { // else: the line being written when the monitor was stopped
                    double[] row = new double[f.length];
                    for (int j = 0; j < f.length; j++) {
                        row[j] = Double.parseDouble(f[j]);
                    }
                    csv.rows.add(row);
                }
            }
            return csv;
        }

        boolean has(String column) {
            return List.of(header).contains(column);
        }

        int col(String column) {
            int i = List.of(header).indexOf(column);
            if (i < 0) {
                throw new IllegalArgumentException("no column " + column);
            }
            return i;
        }

        List<String> labelsWith(String suffix) {
            List<String> labels = new ArrayList<>();
            for (String h : header) {
                if (h.endsWith(suffix)) {
                    labels.add(h.substring(0, h.length() - suffix.length()));
                }
            }
            return labels;
        }

        double at(int col, double t) {
            double[] before = null;
            double[] after = null;
            for (double[] row : rows) {
                if (row[col] < 0) {
                    continue;
                }
                if (row[0] <= t) {
                    before = row;
                } else {
                    after = row;
                    break;
                }
            }
            if (before == null || after == null) {
                return before != null ? before[col] : after != null ? after[col] : 0;
            }
            return before[col] + (after[col] - before[col]) * (t - before[0]) / (after[0] - before[0]);
        }

        double delta(String column, double from, double to) {
            int c = col(column);
            return at(c, to) - at(c, from);
        }

        double sumDelta(String suffix, double from, double to) {
            double sum = 0;
            for (String label : labelsWith(suffix)) {
                sum += delta(label + suffix, from, to);
            }
            return sum;
        }

        double sumAt(String suffix, double t) {
            double sum = 0;
            for (String label : labelsWith(suffix)) {
                sum += at(col(label + suffix), t);
            }
            return sum;
        }

        /** The largest per-sample sum over the processes' SUFFIX columns between FROM and TO (0: no column). */
        double maxOfSum(String suffix, double from, double to) {
            return extremeOfSum(suffix, from, to, true);
        }

        double minOfSum(String suffix, double from, double to) {
            return extremeOfSum(suffix, from, to, false);
        }

        private double extremeOfSum(String suffix, double from, double to, boolean max) {
            List<Integer> cols = labelsWith(suffix).stream().map(l -> col(l + suffix)).toList();
            double best = max ? 0 : Double.MAX_VALUE;
            for (double[] row : rows) {
                if (row[0] < from || row[0] > to || cols.isEmpty()) {
                    continue;
                }
                double sum = 0;
                boolean complete = true;
                for (int c : cols) {
                    complete &= row[c] >= 0;
                    sum += row[c];
                }
                if (complete) {
                    best = max ? Math.max(best, sum) : Math.min(best, sum);
                }
            }
            return best == Double.MAX_VALUE ? 0 : best;
        }
    }
}
