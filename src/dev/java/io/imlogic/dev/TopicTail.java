package io.imlogic.dev;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * Prints the push topic's records as they arrive, from the beginning: what a goim job node would consume.
 * {@code -Dtail.brokers=host:port -Dtail.topic=goim-push-topic}.
 */
public final class TopicTail {

    private TopicTail() {
    }

    public static void main(String[] args) {
        String brokers = System.getProperty("tail.brokers", "127.0.0.1:9092");
        String topic = System.getProperty("tail.topic", "goim-push-topic");
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "im-logic-tail-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            System.out.println("reading " + topic + " on " + brokers + " (Ctrl-C to stop)");
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    Header requestId = record.headers().lastHeader("im-request-id");
                    System.out.printf("partition %d offset %d key %s request %s%n  %s%n", record.partition(),
                            record.offset(), record.key(),
                            requestId == null ? "-" : new String(requestId.value(), StandardCharsets.UTF_8),
                            new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
    }
}
