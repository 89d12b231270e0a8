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

/**
 * Turns a bench work directory into the table, {@code PREFIX.json}, {@code PREFIX.md} and {@code PREFIX.svg}.
 *
 * <ul>
 *   <li>{@code Report default WORK PREFIX}: the single-node run</li>
 *   <li>{@code Report cluster WORK PREFIX}: one vs two nodes behind nginx, and the Redis Cluster check</li>
 *   <li>{@code Report rate WORK LABEL}: accepted pushes per second of one phase, as an integer (for the fixed-rate
 *       run at half of it)</li>
 * </ul>
 *
 * <p>Every rate comes from the service's own counters (read over JMX by {@link Monitor}) between the phase's start
 * and end; "delivered" means the delivery route completed, i.e. Kafka acknowledged every record of the push.
 */
public final class Report {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Report() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[1]);
        switch (args[0]) {
            case "rate" -> {
                Phase phase = phases(work).get(args[2]);
                Csv csv = Csv.read(work.resolve("monitor.csv"));
                System.out.println((long) (csv.sumDelta("_accepted", phase.start, phase.end) / phase.seconds()));
            }
            case "default" -> single(work, args[2]);
            case "cluster" -> cluster(work, args[2]);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** A phase of phases.txt; acc0/del0 and acc1/del1 are the exact counters before and after it (-1: none). */
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
            if (f.length >= 7) {
                boolean exact = f.length >= 11;
                phases.put(f[0], new Phase(f[0], f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]),
                        Long.parseLong(f[4]), Long.parseLong(f[5]), Integer.parseInt(f[6]),
                        exact ? Long.parseLong(f[7]) : -1, exact ? Long.parseLong(f[8]) : -1,
                        exact ? Long.parseLong(f[9]) : -1, exact ? Long.parseLong(f[10]) : -1));
            }
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

    static double redisRate(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        String text = Files.readString(file);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9.]+) requests per second").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    static JsonNode json(Path file) throws IOException {
        return Files.exists(file) && Files.size(file) > 0 ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
    }

    /** The figures of one service phase. */
    static ObjectNode servicePhase(Path work, Phase phase, Csv csv, int clkTck) throws IOException {
        ObjectNode row = JSON.createObjectNode();
        JsonNode wrk = json(work.resolve("phase-" + phase.label + ".wrk.json"));
        JsonNode kafka = json(work.resolve("phase-" + phase.label + ".kafka.json"));
        double secs = phase.seconds();
        double accepted = csv.sumDelta("_accepted", phase.start, phase.end);
        double acceptedTotal = phase.acc0 >= 0 ? phase.acc1 - phase.acc0
                : csv.sumDelta("_accepted", phase.start, phase.drained + 1000);
        double delivered = csv.sumDelta("_delivered", phase.start, phase.end);
        double deliveredTotal = phase.del0 >= 0 ? phase.del1 - phase.del0
                : csv.sumDelta("_delivered", phase.start, phase.drained + 1000);
        double failed = csv.sumDelta("_failed", phase.start, phase.drained + 1000);
        row.put("label", phase.label);
        row.put("mids_per_request", phase.mids);
        row.put("nodes", phase.nodes);
        row.put("seconds", round(secs, 1));
        long wrkRequests = wrk.path("requests").asLong();
        long ok = wrk.path("statuses").path("202").asLong();
        row.put("wrk_requests", wrkRequests);
        row.put("wrk_requests_per_s", round(wrkRequests / (wrk.path("duration_us").asDouble(1) / 1e6), 0));
        row.put("replies_202", ok);
        row.put("replies_503", wrk.path("statuses").path("503").asLong());
        row.put("replies_other", wrkRequests - ok - wrk.path("statuses").path("503").asLong());
        row.put("socket_errors", wrk.path("errors").path("connect").asLong() + wrk.path("errors").path("read").asLong()
                + wrk.path("errors").path("write").asLong() + wrk.path("errors").path("timeout").asLong());
        row.put("accepted_per_s", round(accepted / secs, 0));
        row.put("delivered_per_s", round(delivered / secs, 0));
        row.put("mids_delivered_per_s", round(delivered * phase.mids / secs, 0));
        // over the whole phase, drain included, and over the drain alone (the pipeline with the HTTP side idle)
        row.put("mids_delivered_per_s_incl_drain", round(deliveredTotal * phase.mids
                / Math.max(0.001, (phase.drained - phase.start) / 1000.0), 0));
        double drainSecs = (phase.drained - phase.end) / 1000.0;
        row.put("mids_delivered_per_s_drain_only", drainSecs < 2 ? 0
                : round(csv.sumDelta("_delivered", phase.end, phase.drained - 500) * phase.mids / (drainSecs - 0.5), 0));
        row.put("accepted_total", (long) acceptedTotal);
        row.put("delivered_total", (long) deliveredTotal);
        row.put("delivery_failed", (long) failed);
        row.put("drain_ms", phase.drained - phase.end);
        row.put("reply_p50_ms", round(wrk.path("latency_us").path("p50").asDouble() / 1000, 2));
        row.put("reply_p99_ms", round(wrk.path("latency_us").path("p99").asDouble() / 1000, 2));
        row.put("kafka_records", kafka.path("records").asLong());
        row.put("kafka_requests", kafka.path("requests").asLong());
        row.put("kafka_complete_requests", kafka.path("complete_requests").asLong());
        row.put("kafka_keys", kafka.path("keys").asLong());
        row.put("kafka_problems", kafka.path("problem_count").asLong());
        row.set("kafka_problem_samples", kafka.path("problems"));
        row.put("accept_to_kafka_p50_ms", kafka.path("accept_to_kafka_ms").path("p50").asLong());
        row.put("accept_to_kafka_p99_ms", kafka.path("accept_to_kafka_ms").path("p99").asLong());
        row.put("timestamp_type", kafka.path("timestamp_type").asText());
        // delivered = expected: every accepted push is in Kafka once, complete (all keys of all its mids, one record
        // per distinct server), and nothing else is there
        boolean deliveredOk = kafka.path("requests").asLong() == (long) acceptedTotal
                && kafka.path("complete_requests").asLong() == (long) acceptedTotal
                && kafka.path("problem_count").asLong() == 0 && failed == 0 && (long) deliveredTotal == (long) acceptedTotal;
        row.put("delivered_equals_expected", deliveredOk);
        double cpu = 0;
        double rss = 0;
        for (String node : csv.labelsWith("_accepted")) {
            cpu += csv.delta(node + "_cpu_ticks", phase.start, phase.end) / clkTck / secs * 100;
            rss += csv.max(node + "_rss_kb", phase.start, phase.drained) / 1024;
        }
        row.put("cpu_percent", round(cpu, 0));
        row.put("machine_cpu_percent", round(csv.machineBusy(phase.start, phase.end) * 100, 0));
        row.put("rss_mb", round(rss, 0));
        return row;
    }

    static void single(Path work, String prefix) throws Exception {
        Map<String, String> meta = meta(work);
        int clkTck = Integer.parseInt(meta.getOrDefault("clk_tck", "100"));
        Map<String, Phase> phases = phases(work);
        Csv csv = Csv.read(work.resolve("monitor.csv"));
        Csv rawCsv = Files.exists(work.resolve("monitor-raw.csv")) ? Csv.read(work.resolve("monitor-raw.csv")) : null;
        double redisPipelined = redisRate(work.resolve("redis-benchmark.txt"));
        double redisPlain = redisRate(work.resolve("redis-benchmark-unpipelined.txt"));

        ObjectNode result = JSON.createObjectNode();
        result.set("meta", JSON.valueToTree(meta));
        ObjectNode redis = result.putObject("redis_benchmark");
        redis.put("hgetall_pipelined_100_per_s", redisPipelined);
        redis.put("hgetall_unpipelined_per_s", redisPlain);
        redis.set("lookup_from_java_mids_per_s", json(work.resolve("lookup-ceiling.json")));
        ArrayNode rows = result.putArray("phases");
        Map<Integer, Double> raw = new LinkedHashMap<>();
        for (Phase phase : phases.values()) {
            if (phase.kind.equals("raw")) {
                JsonNode wrk = json(work.resolve("raw-" + phase.mids + ".wrk.json"));
                double rate = wrk.path("requests").asDouble() / (wrk.path("duration_us").asDouble(1) / 1e6);
                raw.put(phase.mids, rate);
                ObjectNode row = JSON.createObjectNode();
                row.put("label", phase.label);
                row.put("server", "raw Vert.x");
                row.put("mids_per_request", phase.mids);
                row.put("requests_per_s", round(rate, 0));
                row.put("reply_p50_ms", round(wrk.path("latency_us").path("p50").asDouble() / 1000, 2));
                row.put("reply_p99_ms", round(wrk.path("latency_us").path("p99").asDouble() / 1000, 2));
                row.put("cpu_percent", round(rawCsv.delta("raw_cpu_ticks", phase.start, phase.end) / clkTck
                        / phase.seconds() * 100, 0));
                row.put("rss_mb", round(rawCsv.max("raw_rss_kb", phase.start, phase.end) / 1024, 0));
                result.withArray("raw").add(row);
            }
        }
        for (Phase phase : phases.values()) {
            if (phase.kind.equals("service") && !phase.label.equals("fixed")) {
                ObjectNode row = servicePhase(work, phase, csv, clkTck);
                Double rawRate = raw.get(phase.mids);
                row.put("raw_vertx_requests_per_s", rawRate == null ? 0 : round(rawRate, 0));
                row.put("ratio_to_raw", rawRate == null ? 0 : round(row.get("accepted_per_s").asDouble() / rawRate, 3));
                row.put("ratio_mids_to_redis_pipelined", redisPipelined == 0 ? 0
                        : round(row.get("mids_delivered_per_s").asDouble() / redisPipelined, 3));
                rows.add(row);
            }
        }

        // the 60 s run at 1 mid: does delivery keep up?
        Phase one = phases.get("mids-1");
        ObjectNode backlog = result.putObject("backlog_1_mid");
        boolean keepsUp = false;
        if (one != null) {
            ArrayNode series = backlog.putArray("series");
            double maxLate = 0;
            double maxBacklog = 0;
            for (long t = one.start; t + 1000 <= one.drained + 1000; t += 1000) {
                ObjectNode s = series.addObject();
                s.put("t_s", (t - one.start) / 1000);
                s.put("accepted_per_s", round(csv.sumDelta("_accepted", t, t + 1000), 0));
                s.put("delivered_per_s", round(csv.sumDelta("_delivered", t, t + 1000), 0));
                s.put("kafka_records_per_s", round(csv.delta("kafka_end", t, t + 1000), 0));
                double b = csv.sumAt("_accepted", t + 1000) - csv.sumAt("_delivered", t + 1000);
                s.put("backlog", round(b, 0));
                maxBacklog = Math.max(maxBacklog, b);
                if (t >= one.start + (one.end - one.start) / 2 && t + 1000 <= one.end) {
                    maxLate = Math.max(maxLate, b);
                }
            }
            double acceptRate = csv.sumDelta("_accepted", one.start, one.end) / one.seconds();
            double deliverRate = csv.sumDelta("_delivered", one.start, one.end) / one.seconds();
            double recordRate = csv.delta("kafka_end", one.start, one.end) / one.seconds();
            backlog.put("seconds", round(one.seconds(), 1));
            backlog.put("accepted_per_s", round(acceptRate, 0));
            backlog.put("delivered_per_s", round(deliverRate, 0));
            backlog.put("kafka_records_per_s", round(recordRate, 0));
            backlog.put("delivered_to_accepted", round(deliverRate / Math.max(1, acceptRate), 4));
            backlog.put("max_backlog", round(maxBacklog, 0));
            backlog.put("max_backlog_second_half", round(maxLate, 0));
            backlog.put("drain_ms", one.drained - one.end);
            // the backlog's trend: least-squares slope over the run, in pushes per second
            double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, sum = 0;
            for (long t = one.start + 1000; t <= one.end; t += 500) {
                double x = (t - one.start) / 1000.0;
                double y = csv.sumAt("_accepted", t) - csv.sumAt("_delivered", t);
                n++;
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
                sum += y;
            }
            double slope = n < 3 ? 0 : (n * sxy - sx * sy) / (n * sxx - sx * sx);
            backlog.put("backlog_trend_per_s", round(slope, 1));
            backlog.put("mean_backlog", round(n == 0 ? 0 : sum / n, 0));
            JsonNode wrkOne = json(work.resolve("phase-" + one.label + ".wrk.json"));
            long rejected = wrkOne.path("statuses").path("503").asLong();
            backlog.put("replies_503", rejected);
            // keeps up: no push refused for a full queue, no upward trend in the backlog (under 1 % of the accept
            // rate per second), and what is left when the load stops is delivered within 5 s
            keepsUp = rejected == 0 && slope <= 0.01 * acceptRate && one.drained - one.end <= 5000;
            backlog.put("keeps_up", keepsUp);
            JsonNode kafkaOne = json(work.resolve("phase-" + one.label + ".kafka.json"));
            backlog.put("records_per_push", round(kafkaOne.path("records").asDouble()
                    / Math.max(1, kafkaOne.path("requests").asDouble()), 2));
        }

        JsonNode fixed = json(work.resolve("phase-fixed.fixed.json"));
        ObjectNode fixedRow = result.putObject("fixed_rate");
        fixedRow.set("load", fixed);
        Phase fixedPhase = phases.get("fixed");
        if (fixedPhase != null) {
            fixedRow.set("service", servicePhase(work, fixedPhase, csv, clkTck));
        }

        // targets
        ObjectNode targets = result.putObject("targets");
        ObjectNode rowOne = find(rows, 1);
        ObjectNode rowThousand = find(rows, 1000);
        if (rowOne != null) {
            double ratio = rowOne.get("ratio_to_raw").asDouble();
            ObjectNode t = targets.putObject("one_mid_vs_raw_vertx");
            t.put("target", ">= 0.40 of raw Vert.x req/s, and delivery keeps up");
            t.put("ratio", ratio);
            t.put("keeps_up", keepsUp);
            t.put("met", ratio >= 0.40 && keepsUp);
        }
        if (rowThousand != null) {
            double ratio = rowThousand.get("ratio_mids_to_redis_pipelined").asDouble();
            ObjectNode t = targets.putObject("thousand_mids_vs_redis_benchmark");
            t.put("target", ">= 0.40 of redis-benchmark pipelined HGETALL/s, in mids resolved and delivered/s");
            t.put("ratio", ratio);
            t.put("met", ratio >= 0.40);
        }
        if (!fixed.isEmpty()) {
            double p99 = fixed.path("corrected_ms").path("p99").asDouble();
            ObjectNode t = targets.putObject("p99_at_half_load");
            t.put("target", "p99 reply latency < 5 ms at half of the maximum 1-mid load (fixed rate, corrected)");
            t.put("rate", fixed.path("target_rate").asDouble());
            t.put("achieved_rate", fixed.path("achieved_rate").asDouble());
            t.put("p99_ms", p99);
            t.put("p99_uncorrected_ms", fixed.path("uncorrected_ms").path("p99").asDouble());
            t.put("met", p99 < 5.0 && fixed.path("statuses").path("202").asLong() == fixed.path("sent").asLong());
        }

        Files.writeString(Path.of(prefix + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        String table = table(result);
        Files.writeString(Path.of(prefix + ".md"), table);
        Files.writeString(Path.of(prefix + ".svg"), Svg.single(result));
        System.out.println();
        System.out.print(table);
        System.out.println("\nwritten: " + prefix + ".json, " + prefix + ".md, " + prefix + ".svg");
    }

    static ObjectNode find(ArrayNode rows, int mids) {
        for (JsonNode row : rows) {
            if (row.path("mids_per_request").asInt() == mids) {
                return (ObjectNode) row;
            }
        }
        return null;
    }

    static String table(JsonNode result) {
        StringBuilder t = new StringBuilder();
        JsonNode meta = result.path("meta");
        t.append("Run ").append(meta.path("date").asText()).append(" on ").append(meta.path("machine").asText())
                .append("; ").append(meta.path("os").asText()).append("; ").append(meta.path("java").asText())
                .append("\nService commit ").append(meta.path("commit").asText()).append("; ")
                .append(meta.path("seed").asText()).append("; ").append(meta.path("wrk").asText())
                .append("\nOther load on the machine before the run: ").append(meta.path("background_cpu_percent").asText())
                .append("% CPU busy, load average ").append(meta.path("loadavg").asText())
                .append("; Kafka timestamps: ").append(meta.path("timestamp_type").asText()).append("\n\n");
        t.append("| mids/req | requests/s (202) | mids/s delivered | reply p50 / p99 ms | accept→Kafka p50 / p99 ms "
                + "| raw Vert.x req/s | ratio to raw | CPU % (machine %) | RSS MB | 503s | delivered = expected |\n");
        t.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (JsonNode row : result.path("phases")) {
            t.append(String.format(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f / %.2f | %d / %d | %,.0f | %.2f | %.0f (%.0f) "
                            + "| %.0f | %d | %s (%d reqs, %d records) |\n",
                    row.path("mids_per_request").asInt(), row.path("accepted_per_s").asDouble(),
                    row.path("mids_delivered_per_s").asDouble(), row.path("reply_p50_ms").asDouble(),
                    row.path("reply_p99_ms").asDouble(), row.path("accept_to_kafka_p50_ms").asLong(),
                    row.path("accept_to_kafka_p99_ms").asLong(), row.path("raw_vertx_requests_per_s").asDouble(),
                    row.path("ratio_to_raw").asDouble(), row.path("cpu_percent").asDouble(),
                    row.path("machine_cpu_percent").asDouble(), row.path("rss_mb").asDouble(),
                    row.path("replies_503").asLong(), row.path("delivered_equals_expected").asBoolean() ? "yes" : "NO",
                    row.path("kafka_requests").asLong(), row.path("kafka_records").asLong()));
        }
        JsonNode redis = result.path("redis_benchmark");
        t.append(String.format(Locale.ROOT, "%nredis-benchmark HGETALL: pipelined (-P 100) %,.0f/s, unpipelined %,.0f/s%n",
                redis.path("hgetall_pipelined_100_per_s").asDouble(), redis.path("hgetall_unpipelined_per_s").asDouble()));
        JsonNode lookup = redis.path("lookup_from_java_mids_per_s");
        if (lookup.has("raw_resp_pipeline")) {
            t.append(String.format(Locale.ROOT, "Lookup from Java, 1000 mids per call, %d threads: the service's "
                            + "ConnectionLookup (Redisson RBatch) %,.0f mids/s with chunks of 1000, %,.0f with chunks of 100; "
                            + "a bare RESP pipeline %,.0f mids/s%n", lookup.path("threads").asInt(),
                    lookup.path("redisson_chunk_1000").asDouble(), lookup.path("redisson_chunk_100").asDouble(),
                    lookup.path("raw_resp_pipeline").asDouble()));
        }
        for (JsonNode row : result.path("phases")) {
            if (row.path("mids_delivered_per_s_drain_only").asDouble() > 0) {
                t.append(String.format(Locale.ROOT, "%d mids/request: %,.0f mids/s delivered under load, %,.0f over the "
                                + "phase and its %.1f s drain, %,.0f during the drain alone (HTTP idle)%n",
                        row.path("mids_per_request").asInt(), row.path("mids_delivered_per_s").asDouble(),
                        row.path("mids_delivered_per_s_incl_drain").asDouble(), row.path("drain_ms").asDouble() / 1000,
                        row.path("mids_delivered_per_s_drain_only").asDouble()));
            }
        }
        JsonNode b = result.path("backlog_1_mid");
        if (!b.isMissingNode() && b.has("accepted_per_s")) {
            t.append(String.format(Locale.ROOT, "Backlog, %.0f s at 1 mid/request: accepted %,.0f/s, delivered %,.0f/s "
                            + "(%.4f), Kafka records %,.0f/s (%.2f per push); backlog mean %,.0f, max %,.0f pushes, trend "
                            + "%+.1f pushes/s; %d answered 503 (queue full); drained %d ms after the load stopped: %s%n",
                    b.path("seconds").asDouble(), b.path("accepted_per_s").asDouble(), b.path("delivered_per_s").asDouble(),
                    b.path("delivered_to_accepted").asDouble(), b.path("kafka_records_per_s").asDouble(),
                    b.path("records_per_push").asDouble(), b.path("mean_backlog").asDouble(),
                    b.path("max_backlog").asDouble(), b.path("backlog_trend_per_s").asDouble(),
                    b.path("replies_503").asLong(), b.path("drain_ms").asLong(),
                    b.path("keeps_up").asBoolean() ? "keeps up" : "FALLS BEHIND"));
        }
        JsonNode f = result.path("fixed_rate").path("load");
        if (!f.isMissingNode() && f.has("target_rate")) {
            t.append(String.format(Locale.ROOT, "Fixed rate %,.0f req/s (achieved %,.0f) at 1 mid/request: reply p50 %.2f ms, "
                            + "p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (corrected for coordinated omission; "
                            + "uncorrected p99 %.2f ms); statuses %s%n",
                    f.path("target_rate").asDouble(), f.path("achieved_rate").asDouble(),
                    f.path("corrected_ms").path("p50").asDouble(), f.path("corrected_ms").path("p99").asDouble(),
                    f.path("corrected_ms").path("p999").asDouble(), f.path("corrected_ms").path("max").asDouble(),
                    f.path("uncorrected_ms").path("p99").asDouble(), f.path("statuses")));
        }
        t.append("\nTargets:\n");
        result.path("targets").fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            t.append("- ").append(e.getKey()).append(": ").append(v.path("met").asBoolean() ? "MET" : "MISSED")
                    .append(" — ").append(v.path("target").asText());
            if (v.has("ratio")) {
                t.append(String.format(Locale.ROOT, "; measured ratio %.3f", v.path("ratio").asDouble()));
            }
            if (v.has("keeps_up")) {
                t.append("; keeps up: ").append(v.path("keeps_up").asBoolean());
            }
            if (v.has("p99_ms")) {
                t.append(String.format(Locale.ROOT, "; p99 %.2f ms at %,.0f req/s", v.path("p99_ms").asDouble(),
                        v.path("achieved_rate").asDouble()));
            }
            t.append('\n');
        });
        return t.toString();
    }

    static void cluster(Path work, String prefix) throws Exception {
        Map<String, String> meta = meta(work);
        int clkTck = Integer.parseInt(meta.getOrDefault("clk_tck", "100"));
        Csv nodesCsv = Csv.read(work.resolve("monitor.csv"));
        // the phases of the node running on the Redis Cluster have their own monitor
        Csv rcCsv = Files.exists(work.resolve("monitor-rc.csv")) ? Csv.read(work.resolve("monitor-rc.csv")) : null;
        ObjectNode result = JSON.createObjectNode();
        result.set("meta", JSON.valueToTree(meta));
        ArrayNode rows = result.putArray("phases");
        for (Phase phase : phases(work).values()) {
            Csv csv = phase.label.startsWith("rcluster") && rcCsv != null ? rcCsv : nodesCsv;
            ObjectNode row = servicePhase(work, phase, csv, clkTck);
            row.put("redis", phase.label.startsWith("rcluster") ? "Redis Cluster (3 masters)" : "single Redis");
            for (String node : csv.labelsWith("_accepted")) {
                row.put(node + "_accepted_per_s", round(csv.delta(node + "_accepted", phase.start, phase.end)
                        / phase.seconds(), 0));
                row.put(node + "_cpu_percent", round(csv.delta(node + "_cpu_ticks", phase.start, phase.end) / clkTck
                        / phase.seconds() * 100, 0));
            }
            double nginxCpu = 0;
            for (String n : csv.labelsWith("_cpu_ticks")) {
                if (n.startsWith("nginx")) {
                    nginxCpu += csv.delta(n + "_cpu_ticks", phase.start, phase.end) / clkTck / phase.seconds() * 100;
                }
            }
            row.put("nginx_cpu_percent", round(nginxCpu, 0));
            if (!csv.has("node2_cpu_ticks")) {
                row.put("node2_accepted_per_s", 0);
                row.put("node2_cpu_percent", 0);
            }
            rows.add(row);
        }
        result.set("redis_cluster", json(work.resolve("redis-cluster.json")));
        result.put("redis_benchmark_pipelined_per_s", redisRate(work.resolve("redis-benchmark.txt")));

        StringBuilder t = new StringBuilder();
        t.append("Run ").append(meta.get("date")).append(" on ").append(meta.get("machine")).append("; ")
                .append(meta.get("wrk")).append("; service commit ").append(meta.get("commit"))
                .append("\nOther load on the machine before the run: ").append(meta.get("background_cpu_percent"))
                .append("% CPU busy, load average ").append(meta.get("loadavg")).append("\n\n");
        t.append("| phase | nodes | mids/req | requests/s (202) | node1 / node2 req/s | mids/s delivered | reply p50 / p99 ms "
                + "| accept→Kafka p50 / p99 ms | CPU % node1 / node2 / nginx | machine CPU % | delivered = expected |\n");
        t.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (JsonNode row : rows) {
            t.append(String.format(Locale.ROOT, "| %s | %d | %d | %,.0f | %,.0f / %,.0f | %,.0f | %.2f / %.2f | %d / %d "
                            + "| %.0f / %.0f / %.0f | %.0f | %s (%d reqs) |\n",
                    row.path("label").asText(), row.path("nodes").asInt(), row.path("mids_per_request").asInt(),
                    row.path("accepted_per_s").asDouble(), row.path("node1_accepted_per_s").asDouble(),
                    row.path("node2_accepted_per_s").asDouble(), row.path("mids_delivered_per_s").asDouble(),
                    row.path("reply_p50_ms").asDouble(), row.path("reply_p99_ms").asDouble(),
                    row.path("accept_to_kafka_p50_ms").asLong(), row.path("accept_to_kafka_p99_ms").asLong(),
                    row.path("node1_cpu_percent").asDouble(), row.path("node2_cpu_percent").asDouble(),
                    row.path("nginx_cpu_percent").asDouble(), row.path("machine_cpu_percent").asDouble(),
                    row.path("delivered_equals_expected").asBoolean() ? "yes" : "NO", row.path("kafka_requests").asLong()));
        }
        if (rcCsv != null) {
            t.append("\nrcluster-*: one node run with IM_REDIS_MODE=cluster on the 3-master Redis Cluster (no nginx), "
                    + "its lookups split by Redisson across the masters; every push checked in Kafka as above.\n");
        }
        JsonNode rc = result.path("redis_cluster");
        if (rc.has("summary")) {
            t.append("\nRedis Cluster: ").append(rc.path("summary").asText()).append('\n');
        }
        Files.writeString(Path.of(prefix + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        Files.writeString(Path.of(prefix + ".md"), t.toString());
        Files.writeString(Path.of(prefix + ".svg"), Svg.cluster(result));
        System.out.println();
        System.out.print(t);
        System.out.println("\nwritten: " + prefix + ".json, " + prefix + ".md, " + prefix + ".svg");
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    /** The monitor's samples, with counters interpolated linearly between samples. */
    static final class Csv {
        final String[] header;
        final List<double[]> rows = new ArrayList<>();

        private Csv(String[] header) {
            this.header = header;
        }

        static Csv read(Path file) throws IOException {
            List<String> lines = Files.readAllLines(file);
            Csv csv = new Csv(lines.get(0).split(","));
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split(",");
                if (f.length != csv.header.length) {
                    continue; // a line being written when we read
                }
                double[] row = new double[f.length];
                for (int j = 0; j < f.length; j++) {
                    row[j] = Double.parseDouble(f[j]);
                }
                csv.rows.add(row);
            }
            return csv;
        }

        boolean has(String column) {
            for (String h : header) {
                if (h.equals(column)) {
                    return true;
                }
            }
            return false;
        }

        int col(String column) {
            for (int i = 0; i < header.length; i++) {
                if (header[i].equals(column)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("no column " + column);
        }

        /** Labels of the processes that have a column ending in SUFFIX (e.g. the im-logic nodes for _accepted). */
        List<String> labelsWith(String suffix) {
            List<String> labels = new ArrayList<>();
            for (String h : header) {
                if (h.endsWith(suffix)) {
                    labels.add(h.substring(0, h.length() - suffix.length()));
                }
            }
            return labels;
        }

        /** A column's value at time t, interpolated between the samples around it (ignoring -1: not available). */
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
            if (before == null) {
                return after == null ? 0 : after[col];
            }
            if (after == null) {
                return before[col];
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

        double max(String column, double from, double to) {
            int c = col(column);
            double max = 0;
            for (double[] row : rows) {
                if (row[0] >= from && row[0] <= to) {
                    max = Math.max(max, row[c]);
                }
            }
            return max;
        }

        double machineBusy(double from, double to) {
            double busy = delta("sys_busy", from, to);
            double total = delta("sys_total", from, to);
            return total <= 0 ? 0 : busy / total;
        }
    }
}
