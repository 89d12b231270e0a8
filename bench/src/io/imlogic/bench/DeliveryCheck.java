package io.imlogic.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The record-by-record delivery check of a phase ({@link KafkaTool} verify feeds it every record of the phase).
 * Each push (by its {@code im-request-id} header) is checked against the seeded layout: mid m has keys
 * {@code m-0 .. m-(C-1)}, key {@code m-c} lives on {@code comet-((m*C+c) % SERVERS)}. A push must have exactly
 * MIDS_PER_REQUEST distinct mids, all C keys of each, every key on the record of its own server, the record key its
 * server, and one record per distinct server. A push counts as delivered when its last record is in Kafka: its
 * accept-to-Kafka latency is that record's timestamp minus the {@code im-accepted-at} header (percentiles from an
 * HdrHistogram), and {@code delivered_per_100ms} (keyed by epoch ms / 100) says when, for the report's
 * delivered/s.
 */
final class DeliveryCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int midsPerRequest;
    private final int conns;
    private final int servers;
    private final Map<String, Seen> requests = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private long problemCount;
    private long records;
    private long keys;
    private String timestampType = "?";
    private long firstTimestamp = Long.MAX_VALUE;
    private long lastTimestamp = Long.MIN_VALUE;

    DeliveryCheck(int midsPerRequest, int conns, int servers) {
        this.midsPerRequest = midsPerRequest;
        this.conns = conns;
        this.servers = servers;
    }

    /** What one push produced; compact (servers as a bit mask), because a soak run holds millions of them. */
    static final class Seen {
        int records;
        long[] mids = new long[4];
        int keyCount;
        long servers;
        boolean duplicateServer;
        long acceptedAt = -1;
        long lastTimestamp = Long.MIN_VALUE;
    }

    void add(ConsumerRecord<byte[], byte[]> record) throws Exception {
        records++;
        timestampType = record.timestampType() == TimestampType.LOG_APPEND_TIME ? "LogAppendTime" : "CreateTime";
        firstTimestamp = Math.min(firstTimestamp, record.timestamp());
        lastTimestamp = Math.max(lastTimestamp, record.timestamp());
        String requestId = header(record, "im-request-id");
        if (requestId == null) {
            problem("record at " + record.partition() + "/" + record.offset() + " has no im-request-id header");
            return;
        }
        Decoded value = decode(record.value());
        Seen seen = requests.computeIfAbsent(requestId, id -> new Seen());
        seen.records++;
        seen.lastTimestamp = Math.max(seen.lastTimestamp, record.timestamp());
        String acceptedAt = header(record, "im-accepted-at");
        seen.acceptedAt = acceptedAt != null ? Long.parseLong(acceptedAt) : seen.acceptedAt;
        long bit = serverBit(value.server());
        seen.duplicateServer |= (seen.servers & bit) != 0;
        seen.servers |= bit;
        if (record.key() != null && !new String(record.key(), StandardCharsets.UTF_8).equals(value.server())) {
            problem("record key is not its server in request " + requestId);
        }
        for (String key : value.keys()) {
            keys++;
            int dash = key.lastIndexOf('-');
            long mid = Long.parseLong(key.substring(0, dash));
            String expected = "comet-" + ((mid * conns + Integer.parseInt(key.substring(dash + 1))) % servers);
            if (!expected.equals(value.server())) {
                problem("key " + key + " on " + value.server() + ", expected " + expected);
            }
            seen.mids = seen.keyCount == seen.mids.length ? Arrays.copyOf(seen.mids, seen.keyCount * 2) : seen.mids;
            seen.mids[seen.keyCount++] = mid;
        }
    }

    /** The verdict on every push seen; latencies over the pushes accepted from LATENCY_FROM_MS on. */
    ObjectNode result(long latencyFromMs) {
        long complete = 0;
        Map<Integer, Long> recordsPerRequest = new TreeMap<>();
        // accept to the push's last record in Kafka, in ms; up to an hour, 3 significant digits
        Histogram acceptToKafka = new Histogram(3_600_000L, 3);
        TreeMap<Long, Long> deliveredPer100ms = new TreeMap<>();
        for (Map.Entry<String, Seen> entry : requests.entrySet()) {
            Seen seen = entry.getValue();
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
            for (int i = 0; i < mids.length; distinct++) {
                int j = i;
                while (j < mids.length && mids[j] == mids[i]) {
                    j++; // the run of one mid: its keys
                }
                ok &= j - i == conns;
                for (int c = 0; c < conns; c++) {
                    expectedServers |= 1L << ((mids[i] * conns + c) % servers);
                }
                i = j;
            }
            if (ok && distinct == midsPerRequest && expectedServers == seen.servers) {
                complete++;
            } else {
                problem("request " + entry.getKey() + ": " + distinct + " mids, " + seen.keyCount + " keys, "
                        + seen.records + " records on " + Long.bitCount(seen.servers) + " servers (expected "
                        + midsPerRequest + " mids, " + midsPerRequest * conns + " keys, "
                        + Long.bitCount(expectedServers) + " servers)" + (seen.duplicateServer ? ", a server twice" : ""));
            }
        }
        ObjectNode result = JSON.createObjectNode();
        result.put("records", records).put("requests", requests.size()).put("complete_requests", complete)
                .put("keys", keys).put("mids_per_request", midsPerRequest)
                .put("expected_keys", (long) requests.size() * midsPerRequest * conns);
        result.set("records_per_request", JSON.valueToTree(recordsPerRequest));
        result.put("problem_count", problemCount).set("problems", JSON.valueToTree(problems));
        result.put("timestamp_type", timestampType).put("first_record_ms", records == 0 ? 0 : firstTimestamp)
                .put("last_record_ms", records == 0 ? 0 : lastTimestamp);
        result.putObject("accept_to_kafka_ms").put("p50", acceptToKafka.getValueAtPercentile(50))
                .put("p90", acceptToKafka.getValueAtPercentile(90)).put("p99", acceptToKafka.getValueAtPercentile(99))
                .put("max", acceptToKafka.getMaxValue()).put("samples", acceptToKafka.getTotalCount());
        result.set("delivered_per_100ms", JSON.valueToTree(deliveredPer100ms));
        return result;
    }

    private void problem(String problem) {
        problemCount++;
        if (problems.size() < 10) {
            problems.add(problem);
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

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    record Decoded(String server, List<String> keys) {
    }

    /** The server and keys of a record value: im-cloud's JSON or goim's protobuf PushMsg (fields 4 and 6). */
    static Decoded decode(byte[] value) throws Exception {
        List<String> keys = new ArrayList<>();
        if (value.length > 0 && value[0] == '{') {
            JsonNode node = JSON.readTree(value);
            node.path("keys").forEach(k -> keys.add(k.asText()));
            return new Decoded(node.path("server").asText(), keys);
        }
        String server = "";
        int[] pos = {0};
        while (pos[0] < value.length) {
            long tag = varint(value, pos);
            int wire = (int) (tag & 7);
            if (wire == 0) {
                varint(value, pos);
            } else if (wire == 2) {
                int length = (int) varint(value, pos);
                String text = new String(value, pos[0], length, StandardCharsets.UTF_8);
                pos[0] += length;
                server = tag >>> 3 == 4 ? text : server;
                if (tag >>> 3 == 6) {
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
