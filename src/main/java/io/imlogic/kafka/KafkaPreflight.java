package io.imlogic.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the brokers, before the service starts serving, for their cluster id and for the push topic's
 * {@code max.message.bytes}: without an answer the first push would block the pipeline for {@code max.block.ms}
 * and then fail, long after the client got its 202.
 */
public final class KafkaPreflight {

    private KafkaPreflight() {
    }

    /**
     * @param brokers       bootstrap servers
     * @param security      extra client settings (SASL/SSL), as the producer has them
     * @param timeoutMillis how long to wait for an answer
     * @param topic         the push topic
     * @return the topic's {@code max.message.bytes}; empty when the topic does not exist yet (it will get the
     *         broker's default)
     * @throws TimeoutException when the brokers did not answer in time, or answered with an error (the cause)
     */
    public static OptionalInt maxMessageBytes(String brokers, Map<String, Object> security, long timeoutMillis,
                                              String topic) throws TimeoutException, InterruptedException {
        Properties props = new Properties();
        props.putAll(security);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMillis);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMillis);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMillis))
                    .clusterId().get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
            return topicMaxMessageBytes(admin, topic, timeoutMillis);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            TimeoutException timeout = new TimeoutException("Kafka at " + brokers + " did not answer within "
                    + timeoutMillis + " ms");
            timeout.initCause(e);
            throw timeout;
        }
    }

    private static OptionalInt topicMaxMessageBytes(Admin admin, String topic, long timeoutMillis)
            throws InterruptedException, TimeoutException, ExecutionException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(timeoutMillis + 1000, TimeUnit.MILLISECONDS).get(resource);
            ConfigEntry entry = config == null ? null : config.get("max.message.bytes");
            return entry == null || entry.value() == null ? OptionalInt.empty()
                    : OptionalInt.of(Integer.parseInt(entry.value()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return OptionalInt.empty();
            }
            throw e;
        }
    }
}
