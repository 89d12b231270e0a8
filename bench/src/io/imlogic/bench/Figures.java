package io.imlogic.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a bench work directory measured: its settings (meta.txt), its phases (phases.txt), and per phase the figures
 * {@link Report} prints. Accepted/s come from the service's own counters (its Prometheus endpoint, sampled by
 * {@link Monitor}) between a phase's start and end. Delivered/s come from Kafka: a push counts when its last record is in the topic, by its
 * request id ({@link DeliveryCheck}), so a push the service counted but Kafka does not hold is not delivered.
 */
final class Figures {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final double MIB = 1024.0 * 1024.0;

    final Path work;
    final Map<String, String> meta = new LinkedHashMap<>();
    final Map<String, Phase> phases = new LinkedHashMap<>();
    final int clkTck;

    /** A line of phases.txt: start and end of the load, when it drained, and the exact counters before and after. */
    record Phase(String label, String kind, int mids, long start, long end, long drained, int nodes, long acc0,
                 long del0, long acc1, long del1) {
        double seconds() {
            return (end - start) / 1000.0;
        }
    }

    /** The figures of one service phase; rates rounded to whole pushes per second, as the table shows them. */
    record Row(Phase phase, String label, double accepted, double delivered, double raw, double midsLoadAndDrain,
               long acceptedCount, long inKafka, long lost, long requests, long rejected, double replyP50,
               double replyP99, long kafkaP50, long kafkaP99, double journalMib, double heapMib, double cpuService,
               double cpuOthers, long records, boolean ok, JsonNode fixed) {
    }

    Figures(Path work) throws IOException {
        this.work = work;
        for (String line : Files.readAllLines(work.resolve("meta.txt"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                meta.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        clkTck = Integer.parseInt(meta.getOrDefault("clk_tck", "100"));
        for (String line : Files.readAllLines(work.resolve("phases.txt"))) {
            String[] f = line.trim().split("\\s+");
            long[] n = new long[11];
            for (int i = 2; i < f.length && i < 11; i++) {
                n[i] = Long.parseLong(f[i]);
            }
            phases.put(f[0], new Phase(f[0], f[1], (int) n[2], n[3], n[4], n[5], (int) n[6],
                    f.length >= 11 ? n[7] : -1, n[8], n[9], n[10]));
        }
    }

    Samples samples(String file) throws IOException {
        return Samples.read(work.resolve(file));
    }

    Row row(Phase p, Samples s, double raw) throws IOException {
        JsonNode wrk = json("phase-" + p.label + ".wrk.json");
        JsonNode kafka = json("phase-" + p.label + ".kafka.json");
        JsonNode fixed = json("phase-" + p.label + ".fixed.json");
        boolean isFixed = fixed.has("sent");
        double secs = p.seconds();
        // -1: the service's counters could not be read before or after the phase (e.g. it died)
        long accepted = p.acc0 >= 0 && p.acc1 >= 0 ? p.acc1 - p.acc0 : -1;
        long inKafka = kafka.path("requests").asLong();
        long complete = kafka.path("complete_requests").asLong();
        // pushes whose last record reached Kafka during the load, from its start until the last one (a fixed-rate
        // phase's window leaves out the generator's warm-up, whose pushes are in Kafka too)
        long duringLoad = 0;
        long sinceStart = 0;
        long lastDelivery = p.end;
        for (Map.Entry<String, JsonNode> bucket : kafka.path("delivered_per_100ms").properties()) {
            long t = Long.parseLong(bucket.getKey()) * 100;
            duringLoad += t >= p.start && t + 100 <= p.end ? bucket.getValue().asLong() : 0;
            sinceStart += t >= p.start ? bucket.getValue().asLong() : 0;
            lastDelivery = Math.max(lastDelivery, t + 100);
        }
        JsonNode load = isFixed ? fixed : wrk;
        JsonNode reply = isFixed ? fixed.path("corrected_ms") : wrk.path("latency_us");
        double toMs = isFixed ? 1 : 1000;
        double cpu = s.labels("_accepted").stream().mapToDouble(n -> s.delta(n + "_cpu_ticks", p.start, p.end)).sum();
        double total = s.delta("sys_total", p.start, p.end);
        double others = Math.max(0, s.delta("sys_busy", p.start, p.end) - s.delta("bench_ticks", p.start, p.end));
        // every accepted push is in Kafka once, complete, nothing else is there, and the service agrees
        boolean ok = accepted >= 0 && inKafka == accepted && complete == accepted && p.del1 - p.del0 == accepted
                && kafka.path("problem_count").asLong() == 0;
        return new Row(p, isFixed ? Report.fmt("fixed %,.0f/s", fixed.path("target_rate").asDouble()) : p.label,
                Math.round(s.sumDelta("_accepted", p.start, p.end) / secs), Math.round(duringLoad / secs),
                Math.round(raw), sinceStart * p.mids / ((lastDelivery - p.start) / 1000.0), accepted, inKafka,
                accepted < 0 ? -1 : accepted - complete, (isFixed ? load.path("sent") : load.path("requests")).asLong(),
                load.path("statuses").path("503").asLong(), reply.path("p50").asDouble() / toMs,
                reply.path("p99").asDouble() / toMs, kafka.path("accept_to_kafka_ms").path("p50").asLong(),
                kafka.path("accept_to_kafka_ms").path("p99").asLong(), s.maxOfSum("_journal_bytes", p.start, p.drained)
                / MIB, s.maxOfSum("_heap_used", p.start, p.drained) / MIB, cpu / clkTck / secs * 100,
                total <= 0 ? 0 : others / total * 100, kafka.path("records").asLong(), ok, fixed);
    }

    /** The backlog during a phase (accepted − delivered by the service's counters, every 0.5 s after the first). */
    record Backlog(double mean, double max, double trend) {
    }

    /** Its mean, maximum and least-squares trend in pushes per second. */
    static Backlog backlog(Phase p, Samples s) {
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, max = 0;
        for (long t = p.start + 1000; t <= p.end; t += 500) {
            double x = (t - p.start) / 1000.0;
            double y = s.sumAt("_accepted", t) - s.sumAt("_delivered", t);
            n++;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            max = Math.max(max, y);
        }
        return new Backlog(n == 0 ? 0 : sy / n, max, n < 3 ? 0 : (n * sxy - sx * sy) / (n * sxx - sx * sx));
    }

    /** Requests per second of the raw Vert.x server, by mids per request, from its wrk phases of this run. */
    Map<Integer, Double> rawCeilings() throws IOException {
        Map<Integer, Double> raw = new LinkedHashMap<>();
        for (Phase p : phases.values()) {
            if (p.kind.equals("raw")) {
                JsonNode wrk = json("raw-" + p.mids + ".wrk.json");
                raw.put(p.mids, wrk.path("requests").asDouble() / (wrk.path("duration_us").asDouble(1) / 1e6));
            }
        }
        return raw;
    }

    JsonNode json(String file) throws IOException {
        Path path = work.resolve(file);
        return Files.exists(path) && Files.size(path) > 0 ? JSON.readTree(path.toFile()) : JSON.createObjectNode();
    }

    /** The rate a redis-benchmark summary line names, 0 without one. */
    double redisRate(String file) throws IOException {
        Path path = work.resolve(file);
        String text = Files.exists(path) ? Files.readString(path) : "";
        Matcher m = Pattern.compile("([0-9.]+) requests per second").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
