package io.imlogic.config;

import io.imlogic.kafka.KafkaPreflight;
import io.imlogic.kafka.KafkaSecurity;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * What must hold before the node serves: its ports free, Kafka answering with a topic that takes the producer's
 * batches, messages that fit a record, Redis answering, a writable journal folder, and (checked before anything,
 * by {@link SettingsCheck}) settings of the right type. A node that fails one must not look up while deaf or
 * accept pushes it cannot deliver: each failure is a {@link StartupException}, one line naming the setting or the
 * IM_* variable to fix, and the process ends.
 *
 * <p>The first configuration Camel runs, so its {@link #configure} comes before any other's; Redis and the journal
 * are checked where their beans are made ({@link #redisAnswers}, {@link #journalOpens}).
 */
public final class StartupChecks implements CamelConfiguration {

    @PropertyInject("im.http.host")
    String httpHost;
    @PropertyInject("im.http.port")
    int httpPort;
    @PropertyInject("im.management.host")
    String managementHost;
    @PropertyInject("im.management.port")
    int managementPort;
    @PropertyInject("im.grpc.host")
    String grpcHost;
    @PropertyInject("im.grpc.port")
    int grpcPort;
    @PropertyInject("im.kafka.brokers")
    String kafkaBrokers;
    @PropertyInject("im.kafka.topic")
    String kafkaTopic;
    @PropertyInject("im.kafka.startup-timeout-ms")
    @AtLeast(1)
    int kafkaTimeoutMillis;
    @PropertyInject("im.kafka.batch-size")
    @AtLeast(1)
    int kafkaBatchSize;
    @PropertyInject("im.kafka.max-request-size")
    @AtLeast(1)
    int maxRecordBytes;
    @PropertyInject("im.max-msg-bytes")
    @AtLeast(1)
    int maxMsgBytes;

    @Override
    public void configure(CamelContext context) throws Exception {
        portFree(httpHost, httpPort, "IM_HTTP_PORT");
        portFree(managementHost, managementPort, "IM_MANAGEMENT_PORT");
        portFree(grpcHost, grpcPort, "IM_GRPC_PORT");
        if (maxMsgBytes * 2L > maxRecordBytes) {
            // a msg is written once per record, escaped in JSON: keep room for it and the keys
            throw new StartupException("im.max-msg-bytes (" + maxMsgBytes + ") must be at most half of "
                    + "im.kafka.max-request-size (" + maxRecordBytes + "), or records could not be sent");
        }
        kafkaAnswers(context.getRegistry().findSingleByType(KafkaSecurity.class));
    }

    /**
     * Camel's HTTP server logs a warning and serves nothing when its port is taken (fixed only in Camel 4.24), so
     * the service would look up while deaf: check first.
     */
    static void portFree(String host, int port, String variable) {
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
    private void kafkaAnswers(KafkaSecurity security) throws InterruptedException {
        OptionalInt topicMax;
        try {
            topicMax = KafkaPreflight.maxMessageBytes(kafkaBrokers, security.clientProperties(), kafkaTimeoutMillis,
                    kafkaTopic);
        } catch (TimeoutException e) {
            throw new StartupException(e.getMessage() + "; set IM_KAFKA_BROKERS to a running broker", e);
        }
        if (topicMax.isPresent() && kafkaBatchSize > topicMax.getAsInt()) {
            throw new StartupException("im.kafka.batch-size (" + kafkaBatchSize + ") is larger than the "
                    + "max.message.bytes of topic " + kafkaTopic + " (" + topicMax.getAsInt()
                    + "): set IM_KAFKA_BATCH_SIZE to at most " + topicMax.getAsInt());
        }
    }

    /** Connects and asks for the key count: a logic node that cannot reach its Redis must not start serving. */
    static RedissonClient redisAnswers(String mode, String url, Supplier<RedissonClient> connect) {
        try {
            RedissonClient client = connect.get();
            client.getKeys().count();
            return client;
        } catch (RedisException | IllegalArgumentException | IllegalStateException
                 | ArrayIndexOutOfBoundsException e) {
            throw new StartupException("Redis (" + mode + ") at " + redactPassword(url) + " is not reachable ("
                    + rootMessage(e) + "); set IM_REDIS_URL (or IM_REDIS_MODE and IM_REDIS_NODES)", e);
        }
    }

    /** Opens the accept journal, whose folder must be writable. */
    static <T> T journalOpens(Supplier<T> open) {
        try {
            return open.get();
        } catch (UncheckedIOException e) {
            throw new StartupException(e.getMessage() + "; set IM_JOURNAL_DIR to a writable folder", e);
        }
    }

    /** Builds from a setting whose value the builder checks; its IllegalArgumentException names the setting. */
    static <T> T valid(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    static String redactPassword(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
