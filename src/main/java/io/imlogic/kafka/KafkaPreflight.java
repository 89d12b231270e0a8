package io.imlogic.kafka;

import io.imlogic.config.StartupException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the brokers for their cluster id before the service starts serving: without it the first push would block
 * the pipeline for {@code max.block.ms} and then fail, long after the client got its 202.
 */
public final class KafkaPreflight {

    private KafkaPreflight() {
    }

    /**
     * @param brokers       bootstrap servers
     * @param security      extra client settings (SASL/SSL) passed through from configuration
     * @param timeoutMillis how long to wait for an answer
     */
    public static void check(String brokers, Map<String, Object> security, long timeoutMillis) {
        Properties props = new Properties();
        props.putAll(security);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMillis);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMillis);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMillis))
                    .clusterId().get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new StartupException("Kafka at " + brokers + " did not answer within " + timeoutMillis
                    + " ms; set IM_KAFKA_BROKERS to a running broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while checking Kafka at " + brokers, e);
        }
    }
}
