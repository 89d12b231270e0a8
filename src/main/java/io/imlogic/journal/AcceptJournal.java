package io.imlogic.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.imlogic.push.PushRequest;
import org.apache.camel.Exchange;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The durable accept journal: every push is written to Redis before the API answers 202, and removed once the
 * pipeline has all its records acked by Kafka. Whatever is left in it when a node starts was promised by an
 * earlier run of the same node and never delivered ({@link JournalRecovery} sends it again).
 *
 * <p>One Redis hash per node, {@code im:journal:<nodeId>}: field = request id, value = the request as JSON. Accept
 * costs one HSET round trip on the HTTP thread; removal is one HDEL, sent without waiting (a removal lost to a
 * crash only means the push is sent again: delivery is at least once, and every record carries
 * {@code im-request-id} so consumers can drop duplicates).
 *
 * <p>The node id must be stable across restarts of the same node and unique among running nodes: two live nodes
 * sharing one would re-send each other's pushes at start.
 */
public final class AcceptJournal {

    /** Prefix of the journal hash; the node id follows. */
    public static final String KEY_PREFIX = "im:journal:";

    private static final Logger LOG = LoggerFactory.getLogger(AcceptJournal.class);
    /** Page size of the HSCAN that reads the journal at start: no HGETALL of a possibly large hash. */
    private static final int SCAN_PAGE = 500;
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    // unknown fields ignored and missing ones defaulted, so a journal written by another version still reads
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final RMap<String, String> entries;
    private final String key;
    private final long timeoutMillis;
    private final LongAdder recorded = new LongAdder();
    private final LongAdder removed = new LongAdder();
    private final LongAdder removeFailures = new LongAdder();
    private final LongAdder recordFailures = new LongAdder();
    private final AtomicLong lastFailureWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS - 1);

    /**
     * @param redis         the service's Redisson client
     * @param nodeId        this node's id ({@link #nodeId})
     * @param timeoutMillis longest an accept waits for the HSET before answering 503
     */
    public AcceptJournal(RedissonClient redis, String nodeId, long timeoutMillis) {
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("node id must not be empty");
        }
        this.key = KEY_PREFIX + nodeId;
        this.entries = redis.getMap(key, StringCodec.INSTANCE);
        this.timeoutMillis = timeoutMillis;
    }

    private AcceptJournal() {
        this.key = null;
        this.entries = null;
        this.timeoutMillis = 0;
    }

    /** A journal that records nothing ({@code im.journal.enabled=false}): the routes call it unchanged. */
    public static AcceptJournal disabled() {
        return new AcceptJournal();
    }

    /** The configured node id, or {@code <hostname>-<httpPort>} when none is set. */
    public static String nodeId(String configured, int httpPort) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        return hostname() + "-" + httpPort;
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (name != null && !name.isBlank()) {
                return name;
            }
        } catch (Exception e) {
            // a host without a resolvable name: fall back to the environment
        }
        return env == null || env.isBlank() ? "localhost" : env;
    }

    public boolean enabled() {
        return entries != null;
    }

    /** The Redis key of this node's journal ({@code null} when disabled). */
    public String key() {
        return key;
    }

    /**
     * Writes the push to the journal (one HSET) and returns once Redis has it. Called on the HTTP thread after
     * validation and before the hand-over to the pipeline.
     *
     * @throws JournalUnavailableException when Redis does not take it: the push must then be refused, not promised
     */
    public void record(PushRequest request) {
        if (entries == null) {
            return;
        }
        String json = encode(request);
        try {
            entries.fastPutAsync(request.requestId(), json).toCompletableFuture()
                    .get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
            recorded.increment();
        } catch (ExecutionException e) {
            throw unavailable(e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    private JournalUnavailableException unavailable(Throwable cause) {
        recordFailures.increment();
        long now = System.nanoTime();
        long last = lastFailureWarning.get();
        // the API answers each of these 503 without logging it: say so here, at most every 10 s
        if (now - last > WARN_INTERVAL_NANOS && lastFailureWarning.compareAndSet(last, now)) {
            LOG.warn("accept journal {} unavailable, pushes are refused with 503 ({} so far): {}", key,
                    recordFailures.sum(), cause.toString());
        }
        return new JournalUnavailableException("accept journal unavailable (" + cause.getClass().getSimpleName()
                + ": " + cause.getMessage() + ")", cause);
    }

    /**
     * Removes a push whose records are all in Kafka (one HDEL, not waited for). A failure is logged and leaves the
     * entry, which the next start of this node sends again.
     */
    public void remove(String requestId) {
        if (entries == null || requestId == null) {
            return;
        }
        entries.fastRemoveAsync(requestId).whenComplete((count, error) -> {
            if (error == null) {
                removed.increment();
            } else {
                removeFailures.increment();
                LOG.warn("could not remove request {} from accept journal {} ({}); it will be sent again at the "
                        + "next start", requestId, key, error.toString());
            }
        });
    }

    /**
     * For the API's error handler: a push that was journaled but then refused (the pipeline queue was full, so
     * the client got 503, not 202) must not be sent at the next start. Does nothing for any other failure.
     */
    public void forgetRejected(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (!(error instanceof RejectedExecutionException) || error instanceof JournalUnavailableException) {
            return;
        }
        Object body = exchange.getMessage().getBody();
        if (body instanceof PushRequest request) {
            remove(request.requestId());
        }
    }

    /**
     * Every push in the journal, oldest accept first: read with HSCAN pages. Entries that cannot be read are
     * logged and left in place for an operator.
     */
    public List<PushRequest> pending() {
        if (entries == null) {
            return List.of();
        }
        // by field: HSCAN may return a field more than once (while Redis rehashes), it must be sent once
        Map<String, PushRequest> requests = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : entries.entrySet(SCAN_PAGE)) {
            try {
                requests.put(entry.getKey(), decode(entry.getValue()));
            } catch (IllegalArgumentException e) {
                LOG.warn("accept journal {}: entry {} is not a push request, left in place ({})", key,
                        entry.getKey(), e.getMessage());
            }
        }
        List<PushRequest> oldestFirst = new ArrayList<>(requests.values());
        oldestFirst.sort(Comparator.comparingLong(PushRequest::acceptedAt));
        return oldestFirst;
    }

    /** Entries in the journal now (HLEN). */
    public int size() {
        return entries == null ? 0 : entries.size();
    }

    public long recorded() {
        return recorded.sum();
    }

    public long removed() {
        return removed.sum();
    }

    public long removeFailures() {
        return removeFailures.sum();
    }

    /** Pushes refused because the journal could not record them. */
    public long recordFailures() {
        return recordFailures.sum();
    }

    /** The journal's JSON form of a request: its record components, as Jackson writes a Java record. */
    static String encode(PushRequest request) {
        try {
            return JSON.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("push request not serialisable", e);
        }
    }

    static PushRequest decode(String json) {
        PushRequest read;
        try {
            read = JSON.readValue(json, PushRequest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
        if (read == null || read.requestId() == null || read.target() == null || read.msg() == null) {
            throw new IllegalArgumentException("requestId, target or msg missing");
        }
        // the same shape the parser builds: immutable lists, never-null arrays
        return new PushRequest(read.requestId(), read.target(), read.operation(), read.speed(),
                read.mids() == null ? new long[0] : read.mids(),
                read.keys() == null ? List.of() : List.copyOf(read.keys()),
                read.room(), read.msg(), read.acceptedAt());
    }
}
