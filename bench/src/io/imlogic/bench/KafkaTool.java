package io.imlogic.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Kafka side of the bench: creates the topic, snapshots end offsets, and verifies what a phase delivered.
 *
 * <ul>
 *   <li>{@code create-topic BROKERS TOPIC PARTITIONS CreateTime|LogAppendTime}</li>
 *   <li>{@code offsets BROKERS TOPIC OUT_FILE}: the end offsets now, one {@code partition=offset} a line</li>
 *   <li>{@code verify BROKERS TOPIC FROM_FILE MIDS_PER_REQUEST CONNS_PER_MID SERVERS OUT.json}: reads every record
 *       from FROM_FILE's offsets up to the end offsets now, and checks each request (by its im-request-id header)
 *       against the seeded layout: mid m has keys {@code m-0 .. m-(C-1)}, key {@code m-c} lives on
 *       {@code comet-((m*C+c) % SERVERS)}. A request must have exactly MIDS_PER_REQUEST distinct mids, all C keys of
 *       each, every key on the record of its own server, and one record per distinct server. Also computes the
 *       accept-to-Kafka latency: record timestamp minus the {@code im-accepted-at} header.</li>
 * </ul>
 */
public final class KafkaTool {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KafkaTool() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "create-topic" -> createTopic(args[1], args[2], Integer.parseInt(args[3]), args[4]);
            case "offsets" -> Files.writeString(Path.of(args[3]), format(endOffsets(args[1], args[2])));
            case "verify" -> verify(args[1], args[2], Path.of(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Integer.parseInt(args[6]), Path.of(args[7]));
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

    /** What one request produced. */
    static final class RequestSeen {
        int records;
        long[] mids = new long[4];
        int keyCount;
        final Set<String> servers = new HashSet<>(4);
        boolean duplicateServer;

        void addMid(long mid) {
            if (keyCount == mids.length) {
                mids = Arrays.copyOf(mids, mids.length * 2);
            }
            mids[keyCount++] = mid;
        }
    }

    static void verify(String brokers, String topic, Path fromFile, int midsPerRequest, int conns, int servers,
                       Path out) throws Exception {
        Map<Integer, Long> from = parse(fromFile);
        Map<String, RequestSeen> requests = new HashMap<>();
        List<String> problems = new ArrayList<>();
        long problemCount = 0;
        long records = 0;
        long keys = 0;
        int[] latencies = new int[1 << 16];
        int latencyCount = 0;
        String timestampType = "?";
        long firstTimestamp = Long.MAX_VALUE;
        long lastTimestamp = Long.MIN_VALUE;
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
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    records++;
                    String requestId = header(record, "im-request-id");
                    String acceptedAt = header(record, "im-accepted-at");
                    timestampType = record.timestampType() == TimestampType.LOG_APPEND_TIME ? "LogAppendTime"
                            : "CreateTime";
                    firstTimestamp = Math.min(firstTimestamp, record.timestamp());
                    lastTimestamp = Math.max(lastTimestamp, record.timestamp());
                    if (acceptedAt != null) {
                        if (latencyCount == latencies.length) {
                            latencies = Arrays.copyOf(latencies, latencies.length * 2);
                        }
                        latencies[latencyCount++] = (int) (record.timestamp() - Long.parseLong(acceptedAt));
                    }
                    if (requestId == null) {
                        problemCount++;
                        note(problems, "record at " + record.partition() + "/" + record.offset()
                                + " has no im-request-id header");
                        continue;
                    }
                    Decoded value = decode(record.value());
                    RequestSeen seen = requests.computeIfAbsent(requestId, id -> new RequestSeen());
                    seen.records++;
                    if (!seen.servers.add(value.server())) {
                        seen.duplicateServer = true;
                    }
                    if (record.key() != null && !new String(record.key(), StandardCharsets.UTF_8).equals(value.server())) {
                        problemCount++;
                        note(problems, "record key is not its server in request " + requestId);
                    }
                    for (String key : value.keys()) {
                        keys++;
                        int dash = key.lastIndexOf('-');
                        long mid = Long.parseLong(key.substring(0, dash));
                        int c = Integer.parseInt(key.substring(dash + 1));
                        String expected = "comet-" + ((mid * conns + c) % servers);
                        if (!expected.equals(value.server())) {
                            problemCount++;
                            note(problems, "key " + key + " on " + value.server() + ", expected " + expected);
                        }
                        seen.addMid(mid);
                    }
                }
            }
        }
        long complete = 0;
        Map<Integer, Long> recordsPerRequest = new HashMap<>();
        for (Map.Entry<String, RequestSeen> entry : requests.entrySet()) {
            RequestSeen seen = entry.getValue();
            recordsPerRequest.merge(seen.records, 1L, Long::sum);
            long[] mids = Arrays.copyOf(seen.mids, seen.keyCount);
            Arrays.sort(mids);
            int distinct = 0;
            boolean ok = !seen.duplicateServer;
            Set<String> expectedServers = new HashSet<>();
            for (int i = 0; i < mids.length; ) {
                int j = i;
                while (j < mids.length && mids[j] == mids[i]) {
                    j++;
                }
                if (j - i != conns) {
                    ok = false;
                }
                for (int c = 0; c < conns; c++) {
                    expectedServers.add("comet-" + ((mids[i] * conns + c) % servers));
                }
                distinct++;
                i = j;
            }
            if (distinct != midsPerRequest || !expectedServers.equals(seen.servers)) {
                ok = false;
            }
            if (ok) {
                complete++;
            } else {
                problemCount++;
                note(problems, "request " + entry.getKey() + ": " + distinct + " mids, " + seen.keyCount + " keys, "
                        + seen.records + " records on " + seen.servers.size() + " servers (expected "
                        + midsPerRequest + " mids, " + midsPerRequest * conns + " keys, " + expectedServers.size()
                        + " servers)" + (seen.duplicateServer ? ", a server twice" : ""));
            }
        }
        int[] sorted = Arrays.copyOf(latencies, latencyCount);
        Arrays.sort(sorted);
        ObjectNode result = JSON.createObjectNode();
        result.put("records", records);
        result.put("requests", requests.size());
        result.put("complete_requests", complete);
        result.put("keys", keys);
        result.put("mids_per_request", midsPerRequest);
        result.put("expected_keys", (long) requests.size() * midsPerRequest * conns);
        ObjectNode perRequest = result.putObject("records_per_request");
        recordsPerRequest.forEach((n, count) -> perRequest.put(Integer.toString(n), count));
        result.put("problem_count", problemCount);
        ArrayNode problemList = result.putArray("problems");
        problems.forEach(problemList::add);
        result.put("timestamp_type", timestampType);
        result.put("first_record_ms", records == 0 ? 0 : firstTimestamp);
        result.put("last_record_ms", records == 0 ? 0 : lastTimestamp);
        ObjectNode latency = result.putObject("accept_to_kafka_ms");
        latency.put("p50", percentile(sorted, 50));
        latency.put("p90", percentile(sorted, 90));
        latency.put("p99", percentile(sorted, 99));
        latency.put("max", sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        latency.put("samples", sorted.length);
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
        System.out.printf("kafka: %d records, %d requests (%d complete), %d keys, %d problems, "
                        + "accept-to-Kafka p50 %d ms p99 %d ms (%s)%n", records, requests.size(), complete, keys,
                problemCount, percentile(sorted, 50), percentile(sorted, 99), timestampType);
    }

    static int percentile(int[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void note(List<String> problems, String problem) {
        if (problems.size() < 10) {
            problems.add(problem);
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    record Decoded(String server, List<String> keys) {
    }

    /** The server and keys of a record value: im-cloud's JSON or goim's protobuf PushMsg (fields 4 and 6). */
    static Decoded decode(byte[] value) throws Exception {
        if (value.length > 0 && value[0] == '{') {
            JsonNode node = JSON.readTree(value);
            List<String> keys = new ArrayList<>();
            node.path("keys").forEach(k -> keys.add(k.asText()));
            return new Decoded(node.path("server").asText(), keys);
        }
        String server = "";
        List<String> keys = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < value.length) {
            long tag = varint(value, pos);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (wire == 0) {
                varint(value, pos);
            } else if (wire == 2) {
                int length = (int) varint(value, pos);
                String text = new String(value, pos[0], length, StandardCharsets.UTF_8);
                pos[0] += length;
                if (field == 4) {
                    server = text;
                } else if (field == 6) {
                    keys.add(text);
                }
            } else {
                throw new IllegalStateException("unexpected wire type " + wire);
            }
        }
        return new Decoded(server, keys);
    }

    private static long varint(byte[] bytes, int[] pos) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = bytes[pos[0]++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalStateException("varint too long");
    }
}
