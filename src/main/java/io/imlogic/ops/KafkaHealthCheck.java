package io.imlogic.ops;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Readiness: the Kafka cluster answers a metadata request. Without it accepted pushes pile up unsent. */
public final class KafkaHealthCheck extends AbstractHealthCheck implements AutoCloseable {

    private static final int TIMEOUT_MS = 2000;
    private final Admin admin;

    public KafkaHealthCheck(String brokers, Map<String, Object> security) {
        super("im-logic", "kafka");
        Properties props = new Properties();
        props.putAll(security);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        // keep reconnect attempts cheap while the broker is away
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        this.admin = Admin.create(props);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).nodes()
                    .get(TIMEOUT_MS + 500, TimeUnit.MILLISECONDS).size();
            builder.detail("brokers", nodes);
            if (nodes > 0) {
                builder.up();
            } else {
                builder.message("Kafka reports no brokers").down();
            }
        } catch (Exception e) {
            builder.message("Kafka is unreachable: " + e.getClass().getSimpleName()).down();
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
