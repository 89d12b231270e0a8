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
import org.HdrHistogram.Histogram;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Kafka side of the bench: creates the topic, snapshots end offsets, and verifies what a phase delivered.
 *
 * <ul>
 *   <li>{@code create-topic BROKERS TOPIC PARTITIONS CreateTime|LogAppendTime}</li>
 *   <li>{@code offsets BROKERS TOPIC OUT_FILE}: the end offsets now, one {@code partition=offset} a line</li>
 *   <li>{@code verify BROKERS TOPIC FROM_FILE MIDS_PER_REQUEST CONNS_PER_MID SERVERS OUT.json [LATENCY_FROM_MS]}:
 *       reads every record
 *       from FROM_FILE's offsets up to the end offsets now, and checks each request (by its im-request-id header)
 *       against the seeded layout: mid m has keys {@code m-0 .. m-(C-1)}, key {@code m-c} lives on
 *       {@code comet-((m*C+c) % SERVERS)}. A request must have exactly MIDS_PER_REQUEST distinct mids, all C keys of
 *       each, every key on the record of its own server, and one record per distinct server. A push counts as
 *       delivered when its last record is in Kafka: its accept-to-Kafka latency is that record's timestamp minus the
 *       {@code im-accepted-at} header (percentiles from an HdrHistogram, over the pushes accepted from LATENCY_FROM_MS
 *       on: a fixed-rate run leaves its warm-up out), and the JSON holds how many pushes were
 *       delivered in each 100 ms ({@code delivered_per_100ms}, keyed by epoch ms / 100), from which the report
 *       takes delivered/s.</li>
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
                    Integer.parseInt(args[5]), Integer.parseInt(args[6]), Path.of(args[7]),
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

    /**
     * What one push produced. Compact (servers as a bit mask of their comet number), because a 10-minute soak run
     * holds millions of them.
     */
    static final class RequestSeen {
        int records;
        long[] mids = new long[4];
        int keyCount;
        long servers;
        boolean duplicateServer;
        long acceptedAt = -1;
        long lastTimestamp = Long.MIN_VALUE;

        void addMid(long mid) {
            if (keyCount == mids.length) {
                mids = Arrays.copyOf(mids, mids.length * 2);
            }
            mids[keyCount++] = mid;
        }
    }

    /** comet-N as bit N; the bench seeds at most 64 comet servers. */
    static long serverBit(String server) {
        int n = Integer.parseInt(server.substring(server.lastIndexOf('-') + 1));
        if (n < 0 || n > 63) {
            throw new IllegalArgumentException("comet server number out of 0..63: " + server);
        }
        return 1L << n;
    }

    static void verify(String brokers, String topic, Path fromFile, int midsPerRequest, int conns, int servers,
                       Path out, long latencyFromMs) throws Exception {
        Map<Integer, Long> from = parse(fromFile);
        Map<String, RequestSeen> requests = new HashMap<>();
        List<String> problems = new ArrayList<>();
        long problemCount = 0;
        long records = 0;
        long keys = 0;
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
                    if (requestId == null) {
                        problemCount++;
                        note(problems, "record at " + record.partition() + "/" + record.offset()
                                + " has no im-request-id header");
                        continue;
                    }
                    Decoded value = decode(record.value());
                    RequestSeen seen = requests.computeIfAbsent(requestId, id -> new RequestSeen());
                    seen.records++;
                    seen.lastTimestamp = Math.max(seen.lastTimestamp, record.timestamp());
                    if (acceptedAt != null) {
                        seen.acceptedAt = Long.parseLong(acceptedAt);
                    }
                    long bit = serverBit(value.server());
                    if ((seen.servers & bit) != 0) {
                        seen.duplicateServer = true;
                    }
                    seen.servers |= bit;
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
        // accept to the push's last record in Kafka, in ms; up to an hour, 3 significant digits
        Histogram acceptToKafka = new Histogram(3_600_000L, 3);
        TreeMap<Long, Long> deliveredPer100ms = new TreeMap<>();
        for (Map.Entry<String, RequestSeen> entry : requests.entrySet()) {
            RequestSeen seen = entry.getValue();
            recordsPerRequest.merge(seen.records, 1L, Long::sum);
            deliveredPer100ms.merge(Math.floorDiv(seen.lastTimestamp, 100L), 1L, Long::sum);
            if (seen.acceptedAt >= latencyFromMs) {
                acceptToKafka.recordValue(Math.max(0, Math.min(3_600_000L, seen.lastTimestamp - seen.acceptedAt)));
            }
            long[] mids = Arrays.copyOf(seen.mids, seen.keyCount);
            Arrays.sort(mids);
            int distinct = 0;
            boolean ok = !seen.duplicateServer;
            long expectedServers = 0;
            for (int i = 0; i < mids.length; ) {
                int j = i;
                while (j < mids.length && mids[j] == mids[i]) {
                    j++;
                }
                if (j - i != conns) {
                    ok = false;
                }
                for (int c = 0; c < conns; c++) {
                    expectedServers |= 1L << ((mids[i] * conns + c) % servers);
                }
                distinct++;
                i = j;
            }
            if (distinct != midsPerRequest || expectedServers != seen.servers) {
                ok = false;
            }
            if (ok) {
                complete++;
            } else {
                problemCount++;
                note(problems, "request " + entry.getKey() + ": " + distinct + " mids, " + seen.keyCount + " keys, "
                        + seen.records + " records on " + Long.bitCount(seen.servers) + " servers (expected "
                        + midsPerRequest + " mids, " + midsPerRequest * conns + " keys, "
                        + Long.bitCount(expectedServers) + " servers)" + (seen.duplicateServer ? ", a server twice" : ""));
            }
        }
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
        latency.put("p50", acceptToKafka.getValueAtPercentile(50));
        latency.put("p90", acceptToKafka.getValueAtPercentile(90));
        latency.put("p99", acceptToKafka.getValueAtPercentile(99));
        latency.put("max", acceptToKafka.getMaxValue());
        latency.put("samples", acceptToKafka.getTotalCount());
        ObjectNode buckets = result.putObject("delivered_per_100ms");
        deliveredPer100ms.forEach((bucket, count) -> buckets.put(Long.toString(bucket), count));
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
        System.out.printf("kafka: %d records, %d pushes (%d complete), %d keys, %d problems, "
                        + "accept-to-Kafka p50 %d ms p99 %d ms (%s, per push: its last record)%n", records,
                requests.size(), complete, keys, problemCount, acceptToKafka.getValueAtPercentile(50),
                acceptToKafka.getValueAtPercentile(99), timestampType);
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
