package io.imlogic.config;

import io.imlogic.dev.FreePorts;
import io.imlogic.it.TestServers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The start-up checks that come after Redis answered, on the real Redis and Kafka of the tests. */
class StartupChecksIT {

    private static String refusal(Map<String, String> settings) {
        Map<String, String> overrides = new HashMap<>(settings);
        overrides.putIfAbsent("im.redis.url", TestServers.redis().url());
        overrides.putIfAbsent("im.kafka.brokers", TestServers.kafka().bootstrapServers());
        overrides.put("im.journal.enabled", "false");
        return StartupFailuresTest.refusal(overrides);
    }

    @Test
    void aPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            assertEquals("port " + port + " on 127.0.0.1 is already in use; set IM_GRPC_PORT",
                    refusal(Map.of("im.grpc.port", Integer.toString(port))));
        }
    }

    @Test
    void messagesThatWouldNotFitARecord() {
        assertEquals("im.max-msg-bytes (600000) must be at most half of im.kafka.max-request-size (1048576), or "
                + "records could not be sent", refusal(Map.of("im.max-msg-bytes", "600000")));
    }

    @Test
    void kafkaThatDoesNotAnswer() {
        int nobody = FreePorts.pick();
        assertEquals("Kafka at 127.0.0.1:" + nobody + " did not answer within 1000 ms; set IM_KAFKA_BROKERS to a "
                + "running broker", refusal(Map.of("im.kafka.brokers", "127.0.0.1:" + nobody,
                "im.kafka.startup-timeout-ms", "1000")));
    }

    @Test
    void producerBatchesLargerThanTheTopicTakes() throws Exception {
        String topic = "small-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestServers.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "50000")))).all().get();
        }
        assertEquals("im.kafka.batch-size (65536) is larger than the max.message.bytes of topic " + topic
                        + " (50000): set IM_KAFKA_BATCH_SIZE to at most 50000",
                refusal(Map.of("im.kafka.topic", topic)));
    }
}
