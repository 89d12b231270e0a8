package io.imlogic.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A wrk2-style fixed-rate load generator (Debian ships wrk, not wrk2): sends RATE requests per second on a schedule
 * that does not wait for replies, and measures each reply's latency from the moment the request was <em>due</em>,
 * so a stalled server is charged for the requests queued behind the stall (no coordinated omission).
 * The uncorrected latency (from the actual send) is reported too. Percentiles come from HdrHistograms (microsecond
 * values). The correction is the schedule itself, as in wrk2: each value is measured from its due time, so
 * {@code recordValueWithExpectedInterval}, which back-fills the requests a closed-loop client failed to send, would
 * count the stalled ones twice here.
 *
 * <p>{@code FixedRateLoad HOST PORT PATH MIDS_PER_REQUEST USERS RATE SECONDS CONNECTIONS [WARMUP_SECONDS]}: the
 * first WARMUP_SECONDS of the same schedule warm up the generator's own JIT and are not recorded; prints one line
 * {@code FIXED_JSON {...}}. One Vert.x event loop, HTTP/1.1 keep-alive, at most CONNECTIONS requests in flight
 * (later ones wait in the client's queue, and their wait counts in the corrected latency).
 */
public final class FixedRateLoad {

    private FixedRateLoad() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        int midsPer = Integer.parseInt(args[3]);
        int users = Integer.parseInt(args[4]);
        double rate = Double.parseDouble(args[5]);
        int seconds = Integer.parseInt(args[6]);
        int connections = Integer.parseInt(args[7]);
        int warmupSeconds = args.length > 8 ? Integer.parseInt(args[8]) : 0;

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                .setDefaultHost(host).setDefaultPort(port), new PoolOptions().setHttp1MaxSize(connections)
                .setMaxWaitQueueSize(-1));
        // one continuous schedule: the warm-up requests first (not recorded), then the measured ones
        long warmup = (long) (rate * warmupSeconds);
        long measured = (long) (rate * seconds);
        long total = warmup + measured;
        // both touched only on the event loop until the latch releases the main thread
        Histogram corrected = new Histogram(60_000_000L, 3);
        Histogram uncorrected = new Histogram(60_000_000L, 3);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Map<Integer, Long> statuses = new TreeMap<>();
        CountDownLatch finished = new CountDownLatch(1);
        long intervalNanos = (long) (1_000_000_000L / rate);
        long start = System.nanoTime() + 50_000_000L;
        // the measured part of the schedule on the wall clock, for the bench's rates and Kafka timestamps
        long wallOffsetMs = System.currentTimeMillis() - System.nanoTime() / 1_000_000L;
        long measuredFromMs = wallOffsetMs + (start + warmup * intervalNanos) / 1_000_000L;
        long measuredToMs = wallOffsetMs + (start + total * intervalNanos) / 1_000_000L;
        long[] sent = {0};
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
                .putHeader("Content-Type", "application/json");

        vertx.setPeriodic(1, timer -> {
            long now = System.nanoTime();
            while (sent[0] < total && start + sent[0] * intervalNanos <= now) {
                int index = (int) sent[0]++;
                long due = start + index * intervalNanos;
                long sendAt = System.nanoTime();
                Buffer body = Buffer.buffer(body(midsPer, users));
                client.request(options)
                        .compose(request -> request.send(body))
                        .compose(response -> response.body().map(b -> response.statusCode()))
                        .onComplete(result -> {
                            long end = System.nanoTime();
                            if (index >= warmup) {
                                corrected.recordValue(Math.min(60_000_000L, (end - due) / 1000));
                                uncorrected.recordValue(Math.min(60_000_000L, (end - sendAt) / 1000));
                                if (result.succeeded()) {
                                    statuses.merge(result.result(), 1L, Long::sum);
                                } else {
                                    errors.incrementAndGet();
                                }
                            }
                            if (done.incrementAndGet() == total) {
                                finished.countDown();
                            }
                        });
            }
            if (sent[0] >= total) {
                vertx.cancelTimer(timer);
            }
        });
        boolean all = finished.await(warmupSeconds + seconds + 30L, java.util.concurrent.TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - start - warmup * intervalNanos;
        int n = (int) Math.max(0, done.get() - warmup);
        Histogram c = corrected;
        Histogram u = uncorrected;
        StringBuilder status = new StringBuilder();
        statuses.forEach((code, count) -> status.append(status.length() == 0 ? "" : ",")
                .append('"').append(code).append("\":").append(count));
        System.out.printf(java.util.Locale.ROOT, "FIXED_JSON {\"measured_from_ms\":%d,\"measured_to_ms\":%d,"
                        + "\"target_rate\":%.1f,\"achieved_rate\":%.1f,"
                        + "\"warmup_s\":%d,\"sent\":%d,\"completed\":%d,\"all_completed\":%b,\"errors\":%d,\"connections\":%d,"
                        + "\"corrected_ms\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"p999\":%.3f,\"max\":%.3f},"
                        + "\"uncorrected_ms\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"p999\":%.3f,\"max\":%.3f},"
                        + "\"statuses\":{%s}}%n",
                measuredFromMs, measuredToMs, rate, n / (elapsed / 1e9), warmupSeconds, sent[0] - warmup, n, all,
                errors.get(), connections,
                pct(c, 50), pct(c, 90), pct(c, 99), pct(c, 99.9), pct(c, 100),
                pct(u, 50), pct(u, 90), pct(u, 99), pct(u, 99.9), pct(u, 100), status);
        client.close();
        vertx.close();
        System.exit(0);
    }

    /** The same bodies as bench/lib/push.lua: distinct mids r, r+7919, ... (mod users). */
    static String body(int midsPer, int users) {
        int r = ThreadLocalRandom.current().nextInt(users);
        StringBuilder text = new StringBuilder(32 + midsPer * 7);
        text.append("{\"operation\":1000,\"mids\":[");
        for (int i = 0; i < midsPer; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append((r + (long) i * 7919) % users + 1);
        }
        return text.append("],\"msg\":\"hello from bench\"}").toString();
    }

    /** A percentile in ms (100: the maximum). */
    static double pct(Histogram histogram, double p) {
        return (p >= 100 ? histogram.getMaxValue() : histogram.getValueAtPercentile(p)) / 1000.0;
    }
}
