package io.imlogic.it.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imlogic.it.RunningService;
import io.imlogic.it.TestHttp;
import io.imlogic.it.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.imlogic.it.fuzz.FuzzText.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Throws at least 10 000 malformed requests at every endpoint (and at paths that are none) and holds the service to
 * the README's promise: "Errors are JSON and name the field [...] Never a 500 or a stack trace for bad input."
 * Then checks that the service is still healthy and delivers every push it accepted on the way.
 *
 * <p>The parts: {@link Generator} makes case {@code i} from its own seed (families in {@link JsonFamilies},
 * {@link EncodingFamilies} and {@link HttpFamilies}, built on {@link Fields}); {@link RawCases} adds the
 * hand-written HTTP-level requests; {@link Transport} sends each (the shared HTTP client, or {@link RawHttp} for
 * bytes no client sends); {@link Judge} holds the rules a response must follow; {@link FuzzReport} keeps the
 * statistics and the failures.
 *
 * <p>Replay: every case's seed follows from the master seed and its index alone, so one case is regenerated alone
 * with {@code -Dfuzz.seed=<master> -Dfuzz.case=<index>} (the failure summary prints both for every failure; raw cases
 * have indexes from {@code fuzz.cases} on). {@code -Dfuzz.cases=N} changes how many cases are generated,
 * {@code -Dfuzz.threads} how many are in flight. The run has 120 s; each request 4 s (a slower one is a hang).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedInputFuzzIT {

    private static final long SEED = Long.getLong("fuzz.seed", 0x5EED_F022_2025L);
    private static final int CASES = Integer.getInteger("fuzz.cases", 10_000);
    /** Runs only this generated case (or raw case, index ≥ CASES) when set. */
    private static final int ONLY = Integer.getInteger("fuzz.case", -1);
    private static final int THREADS = Integer.getInteger("fuzz.threads", 8);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(4);
    private static final Duration RUN_BUDGET = Duration.ofSeconds(120);
    private static final int MAX_LISTED = Integer.getInteger("fuzz.listed", 30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RunningService service;
    private static Jedis redis;
    private static Set<String> redisKeysBefore = Set.of();
    private static final FuzzReport REPORT = new FuzzReport(SEED, MAX_LISTED);
    private static Transport transport;

    @BeforeAll
    static void start() throws Exception {
        service = RunningService.withDefaults();
        transport = new Transport(service.port(), REQUEST_TIMEOUT, REPORT);
        redis = TestRedis.connect();
        redisKeysBefore = redis.keys("*");
        // one plain request per endpoint first: the 4 s limit is there to catch hangs, and on a loaded machine a
        // route's very first requests (class loading, bean introspection) took 3 to 4 s
        for (Endpoint endpoint : Endpoint.ALL) {
            service.send(TestHttp.request(service.uri(endpoint.path()))
                    .method(endpoint.kind() == Endpoint.Kind.ONLINE ? "GET" : "POST",
                            HttpRequest.BodyPublishers.noBody()).build());
        }
    }

    @AfterAll
    static void stop() {
        try {
            // the fuzz may have registered sessions and online counts (ol_*) in the shared Redis: drop them, so later
            // test classes' online totals do not include absurd numbers from here
            List<String> created = new ArrayList<>(redis.keys("*"));
            created.removeAll(redisKeysBefore);
            for (int i = 0; i < created.size(); i += 500) {
                redis.del(created.subList(i, Math.min(created.size(), i + 500)).toArray(String[]::new));
            }
        } finally {
            redis.close();
            service.close();
        }
    }

    @Test
    @Order(1)
    void malformedRequestsGetJsonErrorsNeverA5xx() throws Exception {
        long started = System.nanoTime();
        List<RawCases.RawCase> raw = RawCases.rawCases(SEED);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int i = 0; i < CASES; i++) {
                int index = i;
                if (ONLY < 0 || ONLY == index) {
                    pool.execute(() -> runGenerated(index));
                }
            }
            for (int i = 0; i < raw.size(); i++) {
                int index = CASES + i;
                RawCases.RawCase rawCase = raw.get(i);
                if (ONLY < 0 || ONLY == index) {
                    pool.execute(() -> run(rawCase.toCase(index, service.port())));
                }
            }
        } finally {
            pool.shutdown();
        }
        if (!pool.awaitTermination(RUN_BUDGET.toSeconds(), TimeUnit.SECONDS)) {
            pool.shutdownNow();
            REPORT.failure("fuzz did not finish within " + RUN_BUDGET.toSeconds() + " s", "-", "-");
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();

        System.out.println(REPORT.statistics(millis));
        if (!REPORT.failures().isEmpty()) {
            fail(REPORT.summary(millis));
        }
    }

    @Test
    @Order(2)
    void theServiceIsStillHealthyAfterTheFuzz() throws Exception {
        long mid = 900_000_000_000L + Math.floorMod(SEED, 1_000_000L);
        HttpResponse<String> response = service.post("/im/push/mids", "application/json",
                "{\"operation\":1000,\"mids\":[" + mid + "],\"msg\":\"still alive\"}");
        assertEquals(202, response.statusCode(), response.body());
        JsonNode reply = JSON.readTree(response.body());
        assertEquals(0, reply.path("code").asInt(), response.body());
        assertEquals(1, reply.path("data").path("mids").asInt(), response.body());

        HttpResponse<String> total = service.send(TestHttp.request(service.uri("/im/online/total"))
                .timeout(Duration.ofSeconds(10)).GET().build());
        assertEquals(200, total.statusCode(), total.body());

        long accepted = service.counters().acceptedTotal();
        try {
            service.awaitDelivered(accepted);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (seed " + hex(SEED) + "): the pipeline never delivered "
                    + (accepted - service.counters().delivered()) + " accepted pushes. "
                    + "Largest accepted fuzz pushes:\n  " + String.join("\n  ", REPORT.largestAcceptedPushes(20)), e);
        }
        assertEquals(service.counters().acceptedTotal(), service.counters().delivered(),
                "accepted - delivered must drain to 0");
    }

    private static void runGenerated(int index) {
        long caseSeed = Generator.caseSeed(SEED, index);
        Case c;
        try {
            c = Generator.generate(index, caseSeed);
        } catch (RuntimeException e) {
            REPORT.failure("test bug: generator threw " + e, "generator", REPORT.repro(index, caseSeed));
            return;
        }
        run(c);
    }

    private static void run(Case c) {
        long t0 = System.nanoTime();
        Response response = transport.send(c);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (ms > 1_000) {
            REPORT.slow(ms, c);
        }
        REPORT.judged(c, response, Judge.verdict(c, response));
    }
}
