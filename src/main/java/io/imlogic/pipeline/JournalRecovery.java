package io.imlogic.pipeline;

import io.imlogic.journal.AcceptJournal;
import io.imlogic.push.PushCounters;
import io.imlogic.push.PushMdc;
import io.imlogic.push.PushRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.StartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends again, at start, the pushes an earlier run of this node accepted but never delivered (killed, or stopped
 * before its records reached Kafka).
 *
 * <p>Two steps, so that nothing accepted by this run is mistaken for a leftover: {@link #snapshot()} reads the
 * journal while the beans are configured, before the HTTP server takes any request; once the routes are started
 * ({@link #onCamelContextFullyStarted}) the snapshot goes into the pipeline ({@value #PIPELINE_URI}) from a few
 * threads of its own, beside the live traffic. The pipeline removes each entry after its Kafka acks, as for a new
 * push.
 */
public final class JournalRecovery implements StartupListener {

    /** Where accepted pushes enter the pipeline (the wireTap's target in push-api). */
    public static final String PIPELINE_URI = "direct:deliver-push";
    /** Registry name {@link #install} binds it under. */
    public static final String BEAN_NAME = "journalRecovery";

    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

    private final AcceptJournal journal;
    private final PushCounters counters;
    private final PipelineBudget budget;
    private final int threads;
    private final AtomicBoolean started = new AtomicBoolean();
    private final LongAdder recovered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile List<PushRequest> snapshot;

    /**
     * @param journal  this node's journal
     * @param counters counts the re-sent pushes as accepted, so that accepted minus delivered stays the backlog
     * @param budget   takes the re-sent pushes in flight, never refusing them (they were promised already)
     * @param threads  how many pushes are re-sent at once
     */
    public JournalRecovery(AcceptJournal journal, PushCounters counters, PipelineBudget budget, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("recovery threads must be positive: " + threads);
        }
        this.journal = journal;
        this.counters = counters;
        this.budget = budget;
        this.threads = threads;
    }

    /** Reads what earlier runs left in the journal; call before the API starts. Returns the count. */
    public int snapshot() {
        snapshot = journal.pending();
        return snapshot.size();
    }

    /**
     * Binds this recovery as {@value #BEAN_NAME} and has it run once the routes are started. If the beans are
     * configured more than once for one context (Camel Main processes a configuration class given by name twice),
     * only the instance bound last runs: the journal is sent again once, not once per
     * configuration.
     */
    public void install(CamelContext context) {
        context.getRegistry().bind(BEAN_NAME, this);
        try {
            context.addStartupListener(this);
        } catch (Exception e) {
            throw new IllegalStateException("could not register the journal recovery", e);
        }
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        if (!journal.enabled() || context.getRegistry().lookupByName(BEAN_NAME) != this
                || !started.compareAndSet(false, true)) {
            return; // disabled, superseded by a later configuration, or called again for routes started later
        }
        List<PushRequest> requests = snapshot == null ? List.of() : snapshot;
        snapshot = null;
        LOG.info("accept journal {}: {} push(es) accepted by an earlier run and not delivered{}", journal.location(),
                requests.size(), requests.isEmpty() ? "" : ", sending them again");
        if (!requests.isEmpty()) {
            resend(context, requests);
        }
    }

    private void resend(CamelContext context, List<PushRequest> requests) {
        long start = System.nanoTime();
        ExecutorService pool = context.getExecutorServiceManager().newFixedThreadPool(this, "journal-recovery",
                Math.min(threads, requests.size()));
        ProducerTemplate template = context.createProducerTemplate();
        CompletableFuture<?>[] sends = new CompletableFuture<?>[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            PushRequest request = requests.get(i);
            sends[i] = CompletableFuture.runAsync(() -> resend(template, request), pool);
        }
        CompletableFuture.allOf(sends).whenComplete((ignored, error) -> {
            LOG.info("accept journal {}: {} of {} push(es) sent again in {} ms{}", journal.location(), recovered.sum(),
                    requests.size(), (System.nanoTime() - start) / 1_000_000,
                    failed.sum() == 0 ? "" : "; " + failed.sum() + " failed and stay in the journal");
            try {
                template.stop();
            } finally {
                context.getExecutorServiceManager().shutdown(pool);
            }
        });
    }

    private void resend(ProducerTemplate template, PushRequest request) {
        try {
            if (counters != null) {
                counters.accepted(request.target());
            }
            budget.readmit(request);
            template.sendBody(PIPELINE_URI, ExchangePattern.InOnly, request);
            recovered.increment();
        } catch (RuntimeException e) {
            failed.increment();
            try (PushMdc ignored = PushMdc.of(request)) {
                LOG.warn("accept journal {}: request {} could not be sent again ({}); it stays in the journal",
                        journal.location(), request.requestId(), rootMessage(e));
            }
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Pushes sent again by this run so far. */
    public long recovered() {
        return recovered.sum();
    }

    /** Pushes whose resend failed (still in the journal). */
    public long failed() {
        return failed.sum();
    }
}
