package io.imlogic.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.DynamicMessage;
import io.imlogic.kafka.GoimPushMsg;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.imlogic.kafka.GoimPushMsg.field;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** IM_KAFKA_FORMAT=protobuf: records are goim's PushMsg, decoded here by protobuf-java, every field compared. */
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
        try (RedisCli redis = new RedisCli(TestServers.redis().port())) {
            redis.pipeline(RedisCli.connection(mid, "pb-key-1-" + mid, "comet-pb"));
            redis.pipeline(RedisCli.connection(mid, "pb-key-2-" + mid, "comet-pb"));
        }
        DynamicMessage push = only(PushFlavoursIT.accepted(service.post("/im/push/mids", "application/json",
                "{\"operation\":1000,\"mids\":[" + mid + "],\"msg\":\"héllo\"}")));
        assertEquals("PUSH", field(push, "type"));
        assertEquals(1000, field(push, "operation"));
        assertEquals(0, field(push, "speed"));
        assertEquals("comet-pb", field(push, "server"));
        assertEquals("", field(push, "room"));
        assertEquals(List.of("pb-key-1-" + mid, "pb-key-2-" + mid), field(push, "keys"));
        assertEquals("héllo", field(push, "msg"));

        DynamicMessage room = only(PushFlavoursIT.accepted(service.post("/im/push/room", "application/json",
                "{\"operation\":-7,\"type\":\"live\",\"room\":\"1000\",\"msg\":\"room\"}")));
        assertEquals("ROOM", field(room, "type"));
        assertEquals(-7, field(room, "operation"));
        assertEquals("live://1000", field(room, "room"));
        assertEquals(List.of(), field(room, "keys"));
        assertEquals("", field(room, "server"));
        assertEquals("room", field(room, "msg"));

        DynamicMessage all = only(PushFlavoursIT.accepted(service.post("/im/push/all", "application/json",
                "{\"operation\":5,\"speed\":3,\"msg\":{\"a\":1}}")));
        assertEquals("BROADCAST", field(all, "type"));
        assertEquals(5, field(all, "operation"));
        assertEquals(3, field(all, "speed"));
        assertEquals("{\"a\":1}", field(all, "msg"));
    }

    private static DynamicMessage only(JsonNode reply) {
        service.awaitDelivered(service.counters().acceptedTotal());
        List<ConsumerRecord<String, byte[]>> records =
                TopicReader.ofRequest(service.records(), reply.path("data").path("requestId").asText());
        assertEquals(1, records.size());
        DynamicMessage message = GoimPushMsg.decode(records.get(0).value());
        assertEquals(0, message.getUnknownFields().asMap().size(), "no fields outside goim's schema");
        return message;
    }
}
