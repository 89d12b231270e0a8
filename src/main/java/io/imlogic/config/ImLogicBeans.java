package io.imlogic.config;

import io.imlogic.api.AdminApi;
import io.imlogic.api.ApiAuth;
import io.imlogic.api.ApiDoc;
import io.imlogic.api.ApiReplies;
import io.imlogic.api.BusinessHttpEngine;
import io.imlogic.api.PushRequestParser;
import io.imlogic.api.RequestLimits;
import io.imlogic.kafka.PushMessageFormat;
import io.imlogic.kafka.PushRecords;
import io.imlogic.push.DeadLetters;
import io.imlogic.push.PushCounters;
import io.imlogic.pipeline.BatchDelivery;
import io.imlogic.pipeline.PipelineBudget;
import io.imlogic.pipeline.PushBatching;
import io.imlogic.pipeline.PushPlanner;
import io.imlogic.redis.ConnectionLookup;
import io.imlogic.redis.RedisClientFactory;
import io.imlogic.api.HttpErrorHandlers;
import io.imlogic.ops.AdminJolokia;
import io.imlogic.ops.Operations;
import io.imlogic.ops.ServiceMeters;
import io.imlogic.session.CometSessions;
import io.imlogic.ops.PipelinePool;
import io.imlogic.ops.Tracing;
import io.imlogic.journal.AcceptJournal;
import io.imlogic.pipeline.JournalRecovery;
import io.imlogic.kafka.KafkaPreflight;
import io.imlogic.kafka.KafkaSecurity;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Creates the beans the YAML routes call, from {@code im.*} settings, after checking that Redis answers: a logic
 * node that cannot reach its Redis must not start serving.
 */
public final class ImLogicBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ImLogicBeans.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Registry registry = context.getRegistry();

        int httpPort = settings.integer("im.http.port");
        checkPortFree(settings.text("im.http.host"), httpPort, "IM_HTTP_PORT");
        checkPortFree(settings.text("im.management.host"), settings.integer("im.management.port"),
                "IM_MANAGEMENT_PORT");
        checkPortFree(settings.text("im.grpc.host"), settings.integer("im.grpc.port"), "IM_GRPC_PORT");
        KafkaSecurity kafkaSecurity = new KafkaSecurity(settings.text("im.kafka.security-protocol", "PLAINTEXT"),
                settings.text("im.kafka.sasl-mechanism", "PLAIN"), settings.text("im.kafka.sasl-jaas-config", ""),
                settings.text("im.kafka.ssl-truststore-location", ""),
                settings.text("im.kafka.ssl-truststore-password", ""));
        kafkaSecurity.applyTo(context.getComponent("kafka", KafkaComponent.class).getConfiguration());
        kafkaAnswers(settings, kafkaSecurity);
        RedissonClient redis = connectRedis(settings);
        context.getComponent("platform-http", PlatformHttpComponent.class).setEngine(new BusinessHttpEngine(httpPort));
        // a Camel service so that Redisson is shut down with the context, after the routes have drained
        context.addService(new RedisShutdown(redis), true, true);
        registry.bind("redisson", redis);

        PushCounters counters = new PushCounters();
        registry.bind("pushCounters", counters);
        ThreadPoolExecutor pipeline = PipelinePool.create(context, PipelinePool.NAME,
                settings.positive("im.pipeline.threads"));
        registry.bind(PipelinePool.NAME, pipeline);
        registry.bind(PipelinePool.HANDOVER, PipelinePool.create(context, PipelinePool.HANDOVER,
                settings.positive("im.pipeline.handover-threads")));
        long maxBytes = settings.longValue("im.pipeline.max-bytes");
        PipelineBudget budget = new PipelineBudget(settings.positive("im.pipeline.max-pushes"),
                maxBytes > 0 ? maxBytes : PipelineBudget.defaultMaxBytes(),
                settings.positive("im.pipeline.resend-after-ms"), settings.positive("im.pipeline.lost-after-ms"));
        registry.bind("pipelineBudget", budget);
        registry.bind("pushBatching", new PushBatching(settings.positive("im.pipeline.batch-max-bytes")));
        ConnectionLookup lookup = new ConnectionLookup(redis, settings.positive("im.redis.batch-size"),
                settings.positive("im.redis.timeout-ms"), counters);
        int maxRecordBytes = settings.positive("im.kafka.max-request-size");
        int maxMsgBytes = settings.positive("im.max-msg-bytes");
        if (maxMsgBytes * 2L > maxRecordBytes) {
            // a msg is written once per record, escaped in JSON: keep room for it and the keys
            throw new StartupException("im.max-msg-bytes (" + maxMsgBytes + ") must be at most half of "
                    + "im.kafka.max-request-size (" + maxRecordBytes + "), or records could not be sent");
        }
        DeadLetters deadLetters = new DeadLetters(redis, counters);
        registry.bind("deadLetters", deadLetters);
        registry.bind("adminApi", new AdminApi(deadLetters));
        AcceptJournal journal = installJournal(context, settings, httpPort, counters, budget);

        ApiAuth auth = new ApiAuth(settings.text("im.auth.push-token", ""),
                settings.text("im.auth.session-token", ""), settings.text("im.auth.admin-token", ""));
        registry.bind("apiAuth", auth);
        CometBeans.bind(context, settings, redis, auth);

        RequestLimits limits = new RequestLimits(settings.positive("im.max-ids"),
                settings.positive("im.max-msg-bytes"));
        Tracing tracing = Tracing.of(context); // installed before Camel's auto-configuration, see ImLogic
        boolean traced = tracing.enabled();
        registry.bind("pushRequestParser", new PushRequestParser(limits, PushRequestParser.Style.IM, traced));
        registry.bind("goimPushParser", new PushRequestParser(limits, PushRequestParser.Style.GOIM, traced));
        int retryAfter = settings.positive("im.api.retry-after-seconds");
        registry.bind("apiReplies", new ApiReplies(ApiReplies.Style.IM, retryAfter, counters));
        registry.bind("goimReplies", new ApiReplies(ApiReplies.Style.GOIM, retryAfter, counters));

        PushMessageFormat format;
        try {
            format = new PushMessageFormat(PushMessageFormat.encoding(settings.text("im.kafka.format")));
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage());
        }
        registry.bind("pushMessageFormat", format);
        registry.bind("batchDelivery", new BatchDelivery(lookup, new PushPlanner(counters, maxRecordBytes),
                new PushRecords(format), journal, budget, deadLetters, counters, tracing.deliveries()));
        registry.bind("apiDoc", new ApiDoc());
        AdminJolokia.install(context, Boolean.parseBoolean(settings.text("im.jolokia.enabled", "false")), auth);

        registry.bind("vertxOptions", new VertxOptions().setWorkerPoolSize(settings.positive("im.http.worker-threads")));
        AtomicBoolean announced = new AtomicBoolean();
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) throws Exception {
                if (!announced.compareAndSet(false, true)) {
                    return; // Camel calls this again for routes started later
                }
                long bodies = settings.longValue("im.http.max-body-bytes-in-flight");
                HttpErrorHandlers.install(started, httpPort, bodies > 0 ? bodies : Runtime.getRuntime().maxMemory() / 8,
                        settings.positive("im.max-body-bytes"), retryAfter);
                CometSessions sessions = registry.lookupByNameAndType("cometSessions", CometSessions.class);
                Operations operations = new Operations(settings.path("im.routes.dir"), redis,
                        settings.text("im.kafka.brokers"), kafkaSecurity.clientProperties(),
                        ServiceMeters.of(counters, sessions, pipeline, budget, journal));
                // bound: Micrometer holds the meters' sources weakly, the registry holds them for as long as Camel
                registry.bind("operations", operations);
                operations.start(started);
                CometBeans.started(started);
                LOG.info("im-logic ready: HTTP API on {}:{}, gRPC on {}:{}, Redis {}, Kafka {} topic {} ({})",
                        settings.text("im.http.host"), httpPort, settings.text("im.grpc.host"),
                        settings.text("im.grpc.port"), redactPassword(settings.text("im.redis.url")),
                        settings.text("im.kafka.brokers"), settings.text("im.kafka.topic"), format.encoding());
            }
        });
    }

    /**
     * The accept journal: a push is in this node's journal file before its 202 and marked done after its Kafka acks;
     * what an earlier run left is read now, before the HTTP server takes any request, and sent again once the routes
     * are up.
     */
    private static AcceptJournal installJournal(CamelContext context, Settings settings, int httpPort,
                                                PushCounters counters, PipelineBudget budget) throws Exception {
        AcceptJournal journal;
        if (Boolean.parseBoolean(settings.text("im.journal.enabled", "true"))) {
            String nodeId = AcceptJournal.nodeId(settings.text("im.node-id", ""), httpPort);
            try {
                journal = new AcceptJournal(settings.path("im.journal.dir"), nodeId,
                        Boolean.parseBoolean(settings.text("im.journal.fsync", "false")),
                        settings.positive("im.journal.segment-bytes"));
            } catch (UncheckedIOException e) {
                throw new StartupException(e.getMessage() + "; set IM_JOURNAL_DIR to a writable folder", e);
            }
        } else {
            journal = AcceptJournal.disabled();
        }
        context.getRegistry().bind("acceptJournal", journal);
        AcceptJournal closing = journal;
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                closing.close();
            }
        }, true, true);
        JournalRecovery recovery = new JournalRecovery(journal, counters, budget,
                settings.positive("im.journal.recovery-threads"));
        recovery.snapshot();
        recovery.install(context);
        return journal;
    }

    /**
     * Camel's HTTP server logs a warning and serves nothing when its port is taken (fixed only in Camel 4.24), so
     * the service would look up while deaf: check first.
     */
    private static void checkPortFree(String host, int port, String variable) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new StartupException("port " + port + " on " + host + " is already in use; set " + variable);
        }
    }

    /**
     * The brokers answer, and the topic takes a whole producer batch. When a batch the broker rejects as too large
     * holds several records, the Kafka producer splits it and, while pushes keep coming, can split it again without
     * end until its network thread dies of a StackOverflowError (seen with kafka-clients 3.9.1). With
     * {@code batch.size <= max.message.bytes} a rejected batch holds one record, which fails on its own.
     */
    private static void kafkaAnswers(Settings settings, KafkaSecurity security) throws InterruptedException {
        String topic = settings.text("im.kafka.topic");
        int batchSize = settings.positive("im.kafka.batch-size");
        OptionalInt topicMax;
        try {
            topicMax = KafkaPreflight.maxMessageBytes(settings.text("im.kafka.brokers"), security.clientProperties(),
                    settings.positive("im.kafka.startup-timeout-ms"), topic);
        } catch (TimeoutException e) {
            throw new StartupException(e.getMessage() + "; set IM_KAFKA_BROKERS to a running broker", e);
        }
        if (topicMax.isPresent() && batchSize > topicMax.getAsInt()) {
            throw new StartupException("im.kafka.batch-size (" + batchSize + ") is larger than the max.message.bytes"
                    + " of topic " + topic + " (" + topicMax.getAsInt() + "): set IM_KAFKA_BATCH_SIZE to at most "
                    + topicMax.getAsInt());
        }
    }

    static String redactPassword(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }

    private static RedissonClient connectRedis(Settings settings) {
        String mode = settings.text("im.redis.mode", "single");
        String url = mode.equalsIgnoreCase("single") ? settings.text("im.redis.url") : settings.text("im.redis.nodes");
        try {
            RedissonClient client = RedisClientFactory.create(mode, url, settings.text("im.redis.sentinel-master", ""),
                    settings.text("im.redis.username", ""), settings.text("im.redis.password", ""),
                    settings.positive("im.redis.pool-size"), settings.positive("im.redis.timeout-ms"));
            client.getKeys().count();
            return client;
        } catch (RedisException | IllegalArgumentException | IllegalStateException
                 | ArrayIndexOutOfBoundsException e) {
            throw new StartupException("Redis (" + mode + ") at " + redactPassword(url) + " is not reachable ("
                    + rootMessage(e) + "); set IM_REDIS_URL (or IM_REDIS_MODE and IM_REDIS_NODES)", e);
        }
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Closes Redisson when Camel stops. */
    private static final class RedisShutdown extends ServiceSupport {
        private final RedissonClient redis;

        RedisShutdown(RedissonClient redis) {
            this.redis = redis;
        }

        @Override
        protected void doStop() {
            redis.shutdown();
        }
    }
}
