package io.imlogic.kafka;

import io.imlogic.config.StartupException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the brokers for their cluster id before the service starts serving: without it the first push would block
 * the pipeline for {@code max.block.ms} and then fail, long after the client got its 202.
 *
 * <p>Also checks that the producer's batches fit the topic: when a batch the broker rejects as too large holds
 * several records, the Kafka producer splits it and, while pushes keep coming, can split it again without end
 * until its network thread dies of a StackOverflowError (seen with kafka-clients 3.9.1). With
 * {@code batch.size <= max.message.bytes} a rejected batch holds one record, which fails on its own.
 */
public final class KafkaPreflight {

    private KafkaPreflight() {
    }

    /**
     * @param brokers       bootstrap servers
     * @param security      extra client settings (SASL/SSL) passed through from configuration
     * @param timeoutMillis how long to wait for an answer
     * @param topic         the push topic, whose {@code max.message.bytes} must take a whole producer batch
     * @param batchSize     the producer's {@code batch.size}
     */
    public static void check(String brokers, Map<String, Object> security, long timeoutMillis, String topic,
                             int batchSize) {
        Properties props = new Properties();
        props.putAll(security);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMillis);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMillis);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMillis))
                    .clusterId().get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
            Integer topicMax = maxMessageBytes(admin, topic, timeoutMillis);
            if (topicMax != null && batchSize > topicMax) {
                throw new StartupException("im.kafka.batch-size (" + batchSize + ") is larger than the max.message.bytes"
                        + " of topic " + topic + " (" + topicMax + "): set IM_KAFKA_BATCH_SIZE to at most " + topicMax);
            }
        } catch (StartupException e) {
            throw e;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new StartupException("Kafka at " + brokers + " did not answer within " + timeoutMillis
                    + " ms; set IM_KAFKA_BROKERS to a running broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while checking Kafka at " + brokers, e);
        }
    }

    /** The topic's limit, or null when the topic does not exist yet (it will get the broker's default). */
    private static Integer maxMessageBytes(Admin admin, String topic, long timeoutMillis)
            throws InterruptedException, TimeoutException, ExecutionException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(timeoutMillis + 1000, TimeUnit.MILLISECONDS).get(resource);
            ConfigEntry entry = config == null ? null : config.get("max.message.bytes");
            return entry == null || entry.value() == null ? null : Integer.valueOf(entry.value());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }
}
