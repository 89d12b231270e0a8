package io.imlogic.it;

import com.fasterxml.jackson.databind.JsonNode;
import goim.logic.PushMsg;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * IM_KAFKA_FORMAT=protobuf: records are goim's PushMsg, decoded here by the class generated from goim's schema, every
 * field compared; a binary message pushed the goim way arrives byte for byte.
 */
class ProtobufPayloadIT {

    private static RunningService service;

    @BeforeAll
    static void start() throws Exception {
        service = new RunningService(Map.of("im.kafka.format", "protobuf"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void pushRoomAndBroadcastRecordsDecodeAsGoimPushMsg() throws Exception {
        long mid = Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L) + 1;
        try (Jedis redis = TestRedis.connect()) {
            TestRedis.seed(redis, TestRedis.connection(mid, "pb-key-1-" + mid, "comet-pb"));
            TestRedis.seed(redis, TestRedis.connection(mid, "pb-key-2-" + mid, "comet-pb"));
        }
        PushMsg push = only(PushFlavoursIT.accepted(service.post("/im/push/mids", "application/json",
                "{\"operation\":1000,\"mids\":[" + mid + "],\"msg\":\"héllo\"}")));
        assertEquals(PushMsg.Type.PUSH, push.getType());
        assertEquals(1000, push.getOperation());
        assertEquals(0, push.getSpeed());
        assertEquals("comet-pb", push.getServer());
        assertEquals("", push.getRoom());
        assertEquals(List.of("pb-key-1-" + mid, "pb-key-2-" + mid), push.getKeysList());
        assertEquals("héllo", push.getMsg().toStringUtf8());

        PushMsg room = only(PushFlavoursIT.accepted(service.post("/im/push/room", "application/json",
                "{\"operation\":-7,\"type\":\"live\",\"room\":\"1000\",\"msg\":\"room\"}")));
        assertEquals(PushMsg.Type.ROOM, room.getType());
        assertEquals(-7, room.getOperation());
        assertEquals("live://1000", room.getRoom());
        assertEquals(List.of(), room.getKeysList());
        assertEquals("", room.getServer());
        assertEquals("room", room.getMsg().toStringUtf8());

        PushMsg all = only(PushFlavoursIT.accepted(service.post("/im/push/all", "application/json",
                "{\"operation\":5,\"speed\":3,\"msg\":{\"a\":1}}")));
        assertEquals(PushMsg.Type.BROADCAST, all.getType());
        assertEquals(5, all.getOperation());
        assertEquals(3, all.getSpeed());
        assertEquals("{\"a\":1}", all.getMsg().toStringUtf8());
    }

    @Test
    void aBinaryGoimPushArrivesByteForByte() throws Exception {
        long mid = Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L) + 1;
        try (Jedis redis = TestRedis.connect()) {
            TestRedis.seed(redis, TestRedis.connection(mid, "pb-bin-" + mid, "comet-pb-bin"));
        }
        byte[] binary = new byte[300];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (255 - i);
        }
        long before = service.counters().acceptedTotal();
        HttpResponse<String> reply = service.send(TestHttp.request(
                        service.uri("/goim/push/mids?operation=1000&mids=" + mid))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(binary)).build());
        assertEquals(200, reply.statusCode(), reply.body());
        assertEquals("{\"code\":0,\"message\":\"\"}", reply.body());
        service.awaitDelivered(before + 1);

        List<PushMsg> records = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : service.records()) {
            if ("comet-pb-bin".equals(record.key())) {
                records.add(PushMsg.parseFrom(record.value()));
            }
        }
        assertEquals(1, records.size());
        assertEquals(List.of("pb-bin-" + mid), records.get(0).getKeysList());
        assertArrayEquals(binary, records.get(0).getMsg().toByteArray());
    }

    private static PushMsg only(JsonNode reply) throws Exception {
        service.awaitDelivered(service.counters().acceptedTotal());
        List<ConsumerRecord<String, byte[]>> records =
                TopicReader.ofRequest(service.records(), reply.path("data").path("requestId").asText());
        assertEquals(1, records.size());
        PushMsg message = PushMsg.parseFrom(records.get(0).value());
        assertEquals(0, message.getUnknownFields().asMap().size(), "no fields outside goim's schema");
        return message;
    }
}
