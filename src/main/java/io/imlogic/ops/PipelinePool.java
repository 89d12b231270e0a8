package io.imlogic.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The bounded pool behind the push API's wireTap, created here rather than by the wireTap so the service can watch
 * its queue (metrics, JMX) and drain it on shutdown: a pool the wireTap creates is shut down at once when the route
 * stops, dropping what is queued.
 *
 * <p>Abort, not CallerRuns: when the queue is full the API answers 503 instead of making the HTTP thread do the
 * Redis and Kafka work while the client waits.
 */
public final class PipelinePool {

    /** The registry name the YAML wireTap refers to. */
    public static final String NAME = "push-pipeline";

    private PipelinePool() {
    }

    public static ThreadPoolExecutor create(CamelContext context, int threads, int queueSize) {
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder(NAME)
                .poolSize(threads)
                .maxPoolSize(threads)
                .maxQueueSize(queueSize)
                .rejectedPolicy(ThreadPoolRejectedPolicy.Abort)
                .build();
        return (ThreadPoolExecutor) context.getExecutorServiceManager().newThreadPool(PipelinePool.class, NAME, profile);
    }

    /** Waits until nothing is queued or running, at most {@code timeout}; true when drained. */
    public static boolean awaitDrained(ThreadPoolExecutor pool, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pool.getQueue().size() + pool.getActiveCount() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
