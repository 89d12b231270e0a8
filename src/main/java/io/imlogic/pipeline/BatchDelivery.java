package io.imlogic.pipeline;

import io.imlogic.journal.AcceptJournal;
import io.imlogic.kafka.PushRecords;
import io.imlogic.push.PushCounters;
import io.imlogic.push.PushMdc;
import io.imlogic.push.PushRequest;
import io.imlogic.redis.ConnectionLookup;
import io.imlogic.redis.DeadLetters;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The steps of the pipeline route that work on a whole {@link PushBatch}: resolve, encode, decide on retries and
 * settle each push on its own outcome.
 */
public final class BatchDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(BatchDelivery.class);

    private final ConnectionLookup lookup;
    private final PushPlanner planner;
    private final PushRecords records;
    private final AcceptJournal journal;
    private final PipelineBudget budget;
    private final DeadLetters deadLetters;
    private final PushCounters counters;
    private final DeliveryTracing tracing;

    public BatchDelivery(ConnectionLookup lookup, PushPlanner planner, PushRecords records, AcceptJournal journal,
                         PipelineBudget budget, DeadLetters deadLetters, PushCounters counters,
                         DeliveryTracing tracing) {
        this.lookup = lookup;
        this.planner = planner;
        this.records = records;
        this.journal = journal;
        this.budget = budget;
        this.deadLetters = deadLetters;
        this.counters = counters;
        this.tracing = tracing;
    }

    /** Every mid and key of the batch, each once, in one pipelined round trip per chunk (mids and keys at once). */
    public void lookUp(PushBatch batch) {
        Set<Long> mids = new LinkedHashSet<>();
        Set<String> keys = new LinkedHashSet<>();
        for (BatchedPush push : batch.live()) {
            budget.touch(push.request().requestId());
            PushRequest request = push.request();
            if (request.target() == PushRequest.Target.MIDS) {
                for (long mid : request.mids()) {
                    mids.add(mid);
                }
            } else if (request.target() == PushRequest.Target.KEYS) {
                keys.addAll(request.keys());
            }
        }
        DeliveryTracing.Batch trace = batch.trace(tracing);
        if (mids.isEmpty() && keys.isEmpty()) {
            batch.resolved(Map.of(), Map.of());
            return;
        }
        DeliveryTracing.Step redis = trace.redisLookup(mids.size(), keys.size());
        try {
            CompletableFuture<Map<Long, Map<String, String>>> connections = mids.isEmpty()
                    ? CompletableFuture.completedFuture(Map.of())
                    : lookup.connectionsOfMids(mids.stream().mapToLong(Long::longValue).toArray());
            CompletableFuture<Map<String, String>> servers = keys.isEmpty()
                    ? CompletableFuture.completedFuture(Map.of())
                    : lookup.serversOfKeys(new ArrayList<>(keys));
            // join() rethrows a Redis failure (timeout, connection lost): the route's error handler waits it out
            batch.resolved(connections.join(), servers.join());
        } catch (RuntimeException e) {
            redis.end(Failures.unwrap(e));
            throw e;
        }
        redis.end(null);
    }

    /** Each push's records: one per comet server (key = server id), its own request id; a push that cannot be
     *  encoded leaves the batch for the dead letters instead of failing its neighbours. */
    public void records(PushBatch batch, Message message) {
        for (BatchedPush push : batch.live()) {
            try {
                List<Message> encoded = records.of(push.request(),
                        planner.plan(push.request(), batch.connectionsOfMids(), batch.serversOfKeys()), push::newRecord);
                push.records(encoded);
            } catch (RuntimeException e) {
                push.undeliverable(new UndeliverablePushException("push " + push.request().requestId()
                        + " cannot be encoded: " + e.getMessage(), e));
            }
        }
        batch.planned();
        batch.trace(tracing).parentOfSend(message);
    }

    /**
     * The error handler's question after a failed step: is there something a retry can deliver? A Redis failure
     * (before the records exist) is retried as long as it is an infrastructure failure. After a send, each push's own
     * failure decides: a push that can never succeed leaves the batch, the others are sent again (only their records
     * not yet acked). Nothing is retried while Camel stops: the pushes stay in the journal.
     */
    public boolean worthRetrying(Exchange exchange) {
        PushBatch batch = exchange.getMessage().getBody(PushBatch.class);
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (batch == null) {
            return false;
        }
        boolean retried = !exchange.getContext().isStopping() && worthRetrying(batch, failure);
        DeliveryTracing.Batch trace = batch.trace(tracing);
        trace.attemptFailed(Failures.unwrap(failure), retried);
        if (retried && batch.isPlanned()) {
            trace.parentOfSend(exchange.getMessage());
        }
        return retried;
    }

    private boolean worthRetrying(PushBatch batch, Throwable failure) {
        List<BatchedPush> live = batch.live();
        live.forEach(push -> budget.touch(push.request().requestId()));
        if (!batch.isPlanned()) {
            if (Failures.permanent(failure)) {
                live.forEach(push -> push.undeliverable(failure));
                return false;
            }
            return true;
        }
        boolean attributed = false;
        for (BatchedPush push : live) {
            Throwable own = push.takeSendFailure();
            if (own != null) {
                attributed = true;
                if (Failures.permanent(own)) {
                    push.undeliverable(own);
                }
            }
        }
        if (!attributed && Failures.permanent(failure)) {
            // a failure no record reported (the send itself failed): it concerns every record not yet acked
            batch.live().stream().filter(push -> !push.delivered()).forEach(push -> push.undeliverable(failure));
        }
        return batch.live().stream().anyMatch(push -> !push.delivered());
    }

    /**
     * The last step, also run by the error handler when retrying ends: each push on its own outcome. Delivered
     * (every record acked): counted and done in the journal. Undeliverable: kept as a dead letter, once. Neither
     * (the node is stopping, or the dead-letter store failed): left accepted, to be sent again.
     */
    public void settle(PushBatch batch) {
        counters.batchSettled();
        int delivered = 0;
        int deadLettered = 0;
        int left = 0;
        for (BatchedPush push : batch.pushes()) {
            if (push.isSettled()) {
                continue;
            }
            String requestId = push.request().requestId();
            if (push.undeliverable() != null) {
                if (deadLetter(push)) {
                    deadLettered++;
                } else {
                    left++;
                }
            } else if (push.delivered()) {
                delivered++;
                if (LOG.isDebugEnabled()) {
                    try (PushMdc ignored = PushMdc.of(push.request())) {
                        LOG.debug("push {} delivered in {} record(s)", requestId, push.records().size());
                    }
                }
                counters.recordsProduced(push.records().size());
                counters.pushDelivered();
                journal.remove(requestId);
                budget.release(requestId);
                push.settled();
            } else {
                left++;
                budget.strand(requestId);
            }
        }
        batch.trace(tracing).settled(delivered, deadLettered, left);
    }

    /** @return false when the dead-letter store failed and the push stays accepted */
    private boolean deadLetter(BatchedPush push) {
        String requestId = push.request().requestId();
        try {
            deadLetters.store(push.request(), Failures.unwrap(push.undeliverable()));
        } catch (RuntimeException e) {
            try (PushMdc ignored = PushMdc.of(push.request())) {
                LOG.warn("push {} cannot be delivered ({}) and the dead-letter store failed ({}); it stays accepted "
                        + "and is tried again", requestId, Failures.describe(push.undeliverable()), e.getMessage());
            }
            budget.strand(requestId);
            return false;
        }
        try (PushMdc ignored = PushMdc.of(push.request())) {
            LOG.warn("push {} cannot be delivered and is kept as a dead letter: {}", requestId,
                    Failures.describe(push.undeliverable()));
        }
        journal.remove(requestId);
        budget.release(requestId);
        push.settled();
        return true;
    }
}
