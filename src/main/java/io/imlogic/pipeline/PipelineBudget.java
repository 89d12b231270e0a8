package io.imlogic.pipeline;

import io.imlogic.push.PushRequest;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every push the node has accepted and not yet settled (delivered or dead-lettered), with what it holds in memory.
 *
 * <p>It is the pipeline's bound: a push is admitted before it is journaled, and refused (503) when the pushes in
 * flight already hold {@code maxPushes} or {@code maxBytes}. Counting bytes, not only pushes, is what keeps the heap
 * safe when the pushes are large (10 000 mids and a 256 KiB message each) and the backends are slow.
 *
 * <p>It also finds the pushes that nothing is delivering any more: an attempt that ended without settling them
 * (the node was stopping, the dead-letter store was down) or an attempt that went silent. The pipeline's timer sends
 * those again, so nothing accepted waits for a restart.
 */
public final class PipelineBudget {

    private static final class InFlight {
        final PushRequest request;
        final long bytes;
        volatile long lastActivity;
        volatile boolean stranded;

        InFlight(PushRequest request, long bytes, long now) {
            this.request = request;
            this.bytes = bytes;
            this.lastActivity = now;
        }
    }

    /** Exchange property the accept route sets once the push is in the journal. */
    public static final String JOURNALED = "imJournaled";

    private final int maxPushes;
    private final long maxBytes;
    private final long resendAfterMillis;
    private final long lostAfterMillis;
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    /**
     * @param resendAfterMillis how long a push whose attempt ended unsettled waits before it is sent again
     * @param lostAfterMillis   how long a push may see no delivery activity before it is presumed lost and sent again
     */
    public PipelineBudget(int maxPushes, long maxBytes, long resendAfterMillis, long lostAfterMillis) {
        this.maxPushes = maxPushes;
        this.maxBytes = maxBytes;
        this.resendAfterMillis = resendAfterMillis;
        this.lostAfterMillis = lostAfterMillis;
    }

    /** The default byte budget: an eighth of the heap, leaving room for what delivery makes of the pushes. */
    public static long defaultMaxBytes() {
        return Runtime.getRuntime().maxMemory() / 8;
    }

    /** What a push holds while it waits: its message, its ids and the objects around them. */
    public static long sizeOf(PushRequest request) {
        long size = 512 + request.msg().length + request.mids().length * 8L;
        for (String key : request.keys()) {
            size += 48 + key.length() * 2L;
        }
        return size;
    }

    /** Takes the push in, or refuses it with {@link PipelineFullException} when the budget is spent. */
    public PushRequest admit(PushRequest request) {
        long size = sizeOf(request);
        if (inFlight.size() >= maxPushes) {
            throw new PipelineFullException("overloaded: " + maxPushes + " pushes in flight");
        }
        long total = bytes.addAndGet(size);
        if (total > maxBytes && total != size) {
            bytes.addAndGet(-size);
            throw new PipelineFullException("overloaded: the pushes in flight hold " + (total - size) + " bytes");
        }
        inFlight.put(request.requestId(), new InFlight(request, size, System.currentTimeMillis()));
        return request;
    }

    /** Takes in a push accepted earlier (journal recovery, a dead-letter replay): never refused. */
    public PushRequest readmit(PushRequest request) {
        long size = sizeOf(request);
        if (inFlight.putIfAbsent(request.requestId(), new InFlight(request, size, System.currentTimeMillis())) == null) {
            bytes.addAndGet(size);
        }
        return request;
    }

    /** The push is settled: delivered, dead-lettered, or refused after admission. */
    public void release(String requestId) {
        InFlight entry = inFlight.remove(requestId);
        if (entry != null) {
            bytes.addAndGet(-entry.bytes);
        }
    }

    /**
     * For the API's error handler: a push admitted but then not journaled (the journal failed) got an error, not a
     * 202, and leaves the budget. The accept route sets {@value #JOURNALED} once the journal holds the push.
     */
    public void refused(Exchange exchange) {
        if (!exchange.getProperty(JOURNALED, false, Boolean.class)
                && exchange.getMessage().getBody() instanceof PushRequest request) {
            release(request.requestId());
        }
    }

    /** A delivery attempt is working on the push. */
    public void touch(String requestId) {
        InFlight entry = inFlight.get(requestId);
        if (entry != null) {
            entry.lastActivity = System.currentTimeMillis();
            entry.stranded = false;
        }
    }

    /** The attempt ended without settling the push: it stays accepted and is sent again later. */
    public void strand(String requestId) {
        InFlight entry = inFlight.get(requestId);
        if (entry != null) {
            entry.lastActivity = System.currentTimeMillis();
            entry.stranded = true;
        }
    }

    /**
     * The pushes to send again now: stranded for {@code resendAfterMillis}, or silent for {@code lostAfterMillis}.
     * Each is marked active again, so one call hands it out once.
     */
    public List<PushRequest> takeStranded() {
        long now = System.currentTimeMillis();
        List<PushRequest> due = new ArrayList<>();
        for (InFlight entry : inFlight.values()) {
            long idle = now - entry.lastActivity;
            if (entry.stranded ? idle >= resendAfterMillis : idle >= lostAfterMillis) {
                entry.lastActivity = now;
                entry.stranded = false;
                due.add(entry.request);
            }
        }
        return due;
    }

    /** Pushes accepted and not settled. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Bytes the pushes in flight are counted for. */
    public long bytes() {
        return bytes.get();
    }

    public long maxBytes() {
        return maxBytes;
    }

    public int maxPushes() {
        return maxPushes;
    }
}
