package io.imlogic.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Kafka side of the bench: creates the topic, snapshots end offsets, and reads back what a phase delivered.
 *
 * <ul>
 *   <li>{@code create-topic BROKERS TOPIC PARTITIONS CreateTime|LogAppendTime}</li>
 *   <li>{@code offsets BROKERS TOPIC OUT_FILE}: the end offsets now, one {@code partition=offset} a line</li>
 *   <li>{@code verify BROKERS TOPIC FROM_FILE MIDS_PER_REQUEST CONNS_PER_MID SERVERS OUT.json [LATENCY_FROM_MS]}:
 *       reads every record from FROM_FILE's offsets up to the end offsets now into a {@link DeliveryCheck}, which
 *       checks each push record by record; its verdict goes to OUT.json, a summary to standard output.</li>
 * </ul>
 */
public final class KafkaTool {

    private KafkaTool() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "create-topic" -> createTopic(args[1], args[2], Integer.parseInt(args[3]), args[4]);
            case "offsets" -> Files.writeString(Path.of(args[3]), format(endOffsets(args[1], args[2])));
            case "verify" -> verify(args[1], args[2], Path.of(args[3]), new DeliveryCheck(Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Integer.parseInt(args[6])), Path.of(args[7]),
                    args.length > 8 ? Long.parseLong(args[8]) : 0);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    static void createTopic(String brokers, String topic, int partitions, String timestampType) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            NewTopic newTopic = new NewTopic(topic, partitions, (short) 1)
                    .configs(Map.of("message.timestamp.type", timestampType));
            admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    static Map<TopicPartition, Long> endOffsets(String brokers, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(brokers)) {
            return consumer.endOffsets(partitions(consumer, topic), Duration.ofSeconds(30));
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos != null) {
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        return partitions;
    }

    private static String format(Map<TopicPartition, Long> offsets) {
        StringBuilder text = new StringBuilder();
        offsets.forEach((tp, offset) -> text.append(tp.partition()).append('=').append(offset).append('\n'));
        return text.toString();
    }

    private static Map<Integer, Long> parse(Path file) throws Exception {
        Map<Integer, Long> offsets = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.contains("=")) {
                String[] kv = line.split("=");
                offsets.put(Integer.parseInt(kv[0].trim()), Long.parseLong(kv[1].trim()));
            }
        }
        return offsets;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String brokers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 * 1024 * 1024));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024));
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static void verify(String brokers, String topic, Path fromFile, DeliveryCheck check, Path out, long latencyFromMs)
            throws Exception {
        Map<Integer, Long> from = parse(fromFile);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(brokers)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            consumer.assign(partitions);
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, from.getOrDefault(tp.partition(), 0L));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " up to " + end);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        check.add(record);
                    }
                }
            }
        }
        ObjectNode result = check.result(latencyFromMs);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
        System.out.printf("kafka: %d records, %d pushes (%d complete), %d keys, %d problems, "
                        + "accept-to-Kafka p50 %d ms p99 %d ms (%s, per push: its last record)%n",
                result.path("records").asLong(), result.path("requests").asLong(),
                result.path("complete_requests").asLong(), result.path("keys").asLong(),
                result.path("problem_count").asLong(), result.path("accept_to_kafka_ms").path("p50").asLong(),
                result.path("accept_to_kafka_ms").path("p99").asLong(), result.path("timestamp_type").asText());
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
