package io.imlogic.config;

import io.imlogic.journal.AcceptJournal;
import io.imlogic.kafka.PushRecords;
import io.imlogic.ops.PipelinePool;
import io.imlogic.ops.Tracing;
import io.imlogic.pipeline.BatchDelivery;
import io.imlogic.pipeline.JournalRecovery;
import io.imlogic.pipeline.PipelineBudget;
import io.imlogic.pipeline.PushBatching;
import io.imlogic.pipeline.PushPlanner;
import io.imlogic.redis.DeadLetters;
import io.imlogic.push.PushCounters;
import io.imlogic.redis.ConnectionLookup;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.redisson.api.RedissonClient;

import java.nio.file.Path;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The work behind the 202 ({@code routes/push-pipeline.camel.yaml}): the pools and the budget of the pipeline, the
 * accept journal that keeps every promise across a crash, and the batch delivery through Redis and Kafka, with
 * the dead letters of what can never be delivered.
 */
public final class PipelineConfiguration implements CamelConfiguration {

    @PropertyInject("im.pipeline.threads")
    @AtLeast(1)
    int threads;
    @PropertyInject("im.pipeline.handover-threads")
    @AtLeast(1)
    int handoverThreads;
    @PropertyInject("im.pipeline.max-pushes")
    @AtLeast(1)
    int maxPushes;
    /** 0: an eighth of the heap. */
    @PropertyInject("im.pipeline.max-bytes")
    @AtLeast(0)
    long maxBytes;
    @PropertyInject("im.pipeline.resend-after-ms")
    @AtLeast(1)
    int resendAfterMillis;
    @PropertyInject("im.pipeline.lost-after-ms")
    @AtLeast(1)
    int lostAfterMillis;
    @PropertyInject("im.pipeline.batch-max-bytes")
    @AtLeast(1)
    int batchMaxBytes;
    @PropertyInject("im.redis.batch-size")
    @AtLeast(1)
    int redisBatchSize;
    @PropertyInject("im.redis.timeout-ms")
    @AtLeast(1)
    int redisTimeoutMillis;
    @PropertyInject("im.kafka.max-request-size")
    @AtLeast(1)
    int maxRecordBytes;
    @PropertyInject("{{im.journal.enabled:true}}")
    boolean journalEnabled;
    @PropertyInject("{{im-path:im.journal.dir}}")
    String journalDir;
    @PropertyInject("{{im.journal.fsync:false}}")
    boolean journalFsync;
    @PropertyInject("im.journal.segment-bytes")
    @AtLeast(1)
    int journalSegmentBytes;
    @PropertyInject("im.journal.recovery-threads")
    @AtLeast(1)
    int recoveryThreads;
    @PropertyInject("{{im.node-id:}}")
    String nodeId;
    @PropertyInject("im.http.port")
    int httpPort;

    @BindToRegistry("pushCounters")
    public PushCounters pushCounters() {
        return new PushCounters();
    }

    /** The aggregator's executorService: delivers completed batches. */
    @BindToRegistry(PipelinePool.NAME)
    public ThreadPoolExecutor pipelinePool(CamelContext context) {
        return PipelinePool.create(context, PipelinePool.NAME, threads);
    }

    /** The wireTap's executorService: only adds accepted pushes to the current batch. */
    @BindToRegistry(PipelinePool.HANDOVER)
    public ThreadPoolExecutor handoverPool(CamelContext context) {
        return PipelinePool.create(context, PipelinePool.HANDOVER, handoverThreads);
    }

    @BindToRegistry("pipelineBudget")
    public PipelineBudget pipelineBudget() {
        return new PipelineBudget(maxPushes, maxBytes > 0 ? maxBytes : PipelineBudget.defaultMaxBytes(),
                resendAfterMillis, lostAfterMillis);
    }

    @BindToRegistry("pushBatching")
    public PushBatching pushBatching() {
        return new PushBatching(batchMaxBytes);
    }

    /** A push is in this node's journal before its 202 and marked done after its Kafka acks. */
    @BindToRegistry(value = "acceptJournal", destroyMethod = "close")
    public AcceptJournal acceptJournal() {
        if (!journalEnabled) {
            return AcceptJournal.disabled();
        }
        return StartupChecks.journalOpens(() -> new AcceptJournal(Path.of(journalDir),
                AcceptJournal.nodeId(nodeId, httpPort), journalFsync, journalSegmentBytes));
    }

    /**
     * What an earlier run left in the journal, read now, before the HTTP server takes any request; {@link Lifecycle}
     * sends it again once the routes are up.
     */
    @BindToRegistry(JournalRecovery.BEAN_NAME)
    public JournalRecovery journalRecovery(AcceptJournal journal, PushCounters counters, PipelineBudget budget) {
        JournalRecovery recovery = new JournalRecovery(journal, counters, budget, recoveryThreads);
        recovery.snapshot();
        return recovery;
    }

    @BindToRegistry("deadLetters")
    public DeadLetters deadLetters(RedissonClient redis, PushCounters counters) {
        return new DeadLetters(redis, counters);
    }

    @BindToRegistry("connectionLookup")
    public ConnectionLookup connectionLookup(RedissonClient redis, PushCounters counters) {
        return new ConnectionLookup(redis, redisBatchSize, redisTimeoutMillis, counters);
    }

    @BindToRegistry("batchDelivery")
    public BatchDelivery batchDelivery(ConnectionLookup lookup, PushRecords records, AcceptJournal journal,
                                       PipelineBudget budget, DeadLetters deadLetters, PushCounters counters,
                                       CamelContext context) {
        return new BatchDelivery(lookup, new PushPlanner(counters, maxRecordBytes), records, journal, budget,
                deadLetters, counters, Tracing.of(context).deliveries());
    }
}
