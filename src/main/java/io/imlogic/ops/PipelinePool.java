package io.imlogic.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

import java.util.concurrent.ThreadPoolExecutor;

/**
 * The pools behind the push pipeline, created here rather than by the EIPs so the service can watch them (metrics,
 * JMX): the wireTap's hand-over pool, which only adds accepted pushes to the current batch, and the pool that
 * delivers completed batches.
 *
 * <p>Their queues are not bounded by count: the pipeline's budget ({@code PipelineBudget}) bounds what can be in
 * them, in pushes and in bytes, and refuses a push (503) before it is journaled. A count-bounded queue here would
 * refuse work after the push was promised.
 */
public final class PipelinePool {

    /** The registry name of the pool that delivers batches (the aggregate's executorService). */
    public static final String NAME = "push-pipeline";
    /** The registry name of the wireTap's pool. */
    public static final String HANDOVER = "push-handover";

    private PipelinePool() {
    }

    public static ThreadPoolExecutor create(CamelContext context, String name, int threads) {
        // a queue as long as the budget needs, and never "caller runs": a task run by its caller would deliver a
        // batch on the aggregator's timer thread, holding the aggregator's lock through Redis and Kafka retries and
        // stalling every hand-over (and so every HTTP thread) behind it
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder(name)
                .poolSize(threads)
                .maxPoolSize(threads)
                .maxQueueSize(Integer.MAX_VALUE)
                .rejectedPolicy(ThreadPoolRejectedPolicy.Abort)
                .build();
        return (ThreadPoolExecutor) context.getExecutorServiceManager().newThreadPool(PipelinePool.class, name, profile);
    }
}
