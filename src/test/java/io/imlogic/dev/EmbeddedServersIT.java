package io.imlogic.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The embedded servers really serve, and survive being stopped and started again on the same ports. */
class EmbeddedServersIT {

    private static final String TOPIC = "smoke";
    private static final String GROUP = "smoke-group";

    private Path dataDir;
    private EmbeddedRedis redis;
    private EmbeddedKafka kafka;

    @BeforeEach
    void startServers() throws IOException {
        dataDir = Files.createDirectories(Path.of("target", "embedded-it", UUID.randomUUID().toString()));
        redis = new EmbeddedRedis(FreePorts.pick(), dataDir.resolve("redis"));
        kafka = new EmbeddedKafka(FreePorts.pick(), FreePorts.pick(), dataDir.resolve("kafka"));
        redis.start();
        kafka.start();
    }

    @AfterEach
    void stopServers() throws IOException {
        if (kafka != null) {
            kafka.close();
        }
        if (redis != null) {
            redis.close();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void redisAnswersAgainAfterARestartOnTheSamePort() {
        assertTrue(redis.ping());
        for (int i = 0; i < 2; i++) {
            redis.stop();
            assertFalse(redis.ping());
            redis.start();
            assertTrue(redis.ping(), "PING after restart " + (i + 1));
        }
        assertTrue(redis.url().endsWith(":" + redis.port()));
    }

    @Test
    void kafkaKeepsRecordsAndOffsetsAcrossARestart() {
        kafka.createTopic(TOPIC, 2);
        kafka.createTopic(TOPIC, 2); // an existing topic is not an error
        produce("first");
        assertEquals(List.of("first"), consume(1));

        kafka.stop();
        kafka.start();

        produce("second");
        // Same group: the offset committed before the restart must have survived it.
        assertEquals(List.of("second"), consume(1));
    }

    private void produce(String value) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(TOPIC, "key", value)).get();
        } catch (Exception e) {
            throw new AssertionError("Could not produce " + value, e);
        }
    }

    private List<String> consume(int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            consumer.commitSync();
        }
        return values;
    }
}
