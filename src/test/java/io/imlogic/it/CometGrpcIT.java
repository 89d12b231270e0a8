package io.imlogic.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import goim.logic.ConnectReply;
import goim.logic.ConnectReq;
import goim.logic.DisconnectReq;
import goim.logic.HeartbeatReq;
import goim.logic.OnlineReply;
import goim.logic.OnlineReq;
import goim.logic.ReceiveReq;
import goim.protocol.Proto;
import io.grpc.ConnectivityState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.imlogic.session.CometSessions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import redis.clients.jedis.Jedis;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * goim's comet calls over real gRPC (grpc-java's client, the stub generated from goim's schema) against the running
 * service on real Redis and Kafka: every call, gzip, keepalive pings while idle, errors with their statuses, a Redis
 * outage, and the bearer token.
 */
class CometGrpcIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningService service;
    private static CometClient comet;
    private static Jedis redis;
    private static String run;

    @BeforeAll
    static void start() throws Exception {
        service = new RunningService(Map.of("im.online.refresh-ms", "100"));
        comet = new CometClient(service.grpcPort());
        redis = TestRedis.connect();
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterAll
    static void stop() throws Exception {
        comet.close();
        redis.close();
        service.close();
    }

    @Test
    void connectThenPushesReachTheCometUntilDisconnect() throws Exception {
        String server = "comet-g-" + run;
        long mid = freshMid();
        ConnectReply connected = comet.logic().connect(ConnectReq.newBuilder().setServer(server).setCookie("")
                .setToken(utf8("{\"mid\":" + mid + ",\"key\":\"\",\"room_id\":\"live://1000\",\"platform\":\"web\","
                        + "\"accepts\":[1000,1001]}")).build());
        assertEquals(mid, connected.getMid());
        assertEquals(36, connected.getKey().length(), "an empty key gets a fresh UUID: " + connected.getKey());
        assertEquals("live://1000", connected.getRoomID());
        assertEquals(List.of(1000, 1001), connected.getAcceptsList());
        assertEquals(480_000_000_000L, connected.getHeartbeat(), "4 min x 2 in nanoseconds, the comet's read deadline");
        String key = connected.getKey();
        assertEquals(Map.of(key, server), redis.hgetAll("mid_" + mid));
        assertEquals(server, redis.get("key_" + key));

        // goim's documented push: curl -d 'mid message' labels the body a form
        List<JsonNode> records = goimPush(mid, server, "application/x-www-form-urlencoded", "mid message");
        assertEquals(1, records.size());
        assertEquals(List.of(key), texts(records.get(0).path("keys")));
        assertEquals("mid message", records.get(0).path("msg").asText());

        redis.expire("key_" + key, 5);
        comet.logic().heartbeat(HeartbeatReq.newBuilder().setMid(mid).setKey(key).setServer(server).build());
        assertTrue(redis.ttl("key_" + key) > 1700, "heartbeat renewed goim's 30m expiry");
        redis.del("mid_" + mid, "key_" + key);
        comet.logic().heartbeat(HeartbeatReq.newBuilder().setMid(mid).setKey(key).setServer(server).build());
        assertEquals(server, redis.get("key_" + key), "a heartbeat writes a lost mapping again");

        assertTrue(comet.logic().disconnect(DisconnectReq.newBuilder().setMid(mid).setKey(key).setServer(server)
                .build()).getHas());
        assertNull(redis.get("key_" + key));
        assertEquals(Map.of(), redis.hgetAll("mid_" + mid));
        assertTrue(goimPush(mid, server, null, "after disconnect").isEmpty(), "no record once disconnected");
        assertFalse(comet.logic().disconnect(DisconnectReq.newBuilder().setMid(mid).setKey(key).build()).getHas());
    }

    @Test
    void renewOnlineArrivesGzippedAndAnswersTheCountsOfAllComets() {
        String type = "grpc" + run;
        String room = type + "://1";
        OnlineReq first = OnlineReq.newBuilder().setServer("comet-o1-" + run).putRoomCount(room, 5)
                .putRoomCount(type + "://2", 1).build();
        OnlineReq second = OnlineReq.newBuilder().setServer("comet-o2-" + run).putRoomCount(room, 2).build();
        RunningService.await(() -> {
            comet.logic().withCompression("gzip").renewOnline(first);
            OnlineReply reply = comet.logic().withCompression("gzip").renewOnline(second);
            return reply.getAllRoomCountOrDefault(room, 0) == 7;
        }, Duration.ofSeconds(15), () -> "RenewOnline never answered the summed count of " + room);
        assertTrue(redis.hgetAll("ol_comet-o1-" + run).toString().contains("\"room_count\":{\"" + room
                + "\":5"), "goim's ol_ layout");
    }

    @Test
    void receiveIsAcceptedAndCounted() {
        CometSessions sessions = service.service().context().getRegistry()
                .lookupByNameAndType("cometSessions", CometSessions.class);
        long before = sessions.framesReceived();
        comet.logic().receive(ReceiveReq.newBuilder().setMid(7).setProto(Proto.newBuilder().setVer(1).setOp(4)
                .setSeq(9).setBody(ByteString.copyFromUtf8("client frame"))).build());
        assertEquals(before + 1, sessions.framesReceived());
        String metrics = service.get(service.managementUri("/observe/metrics")).body();
        assertTrue(metrics.contains("im_comet_frames_received_total"), "exported for Prometheus");
    }

    @Test
    void badRequestsAreInvalidArgumentNamingTheField() {
        assertStatus(Status.Code.INVALID_ARGUMENT, "token is not valid JSON", () -> comet.logic().connect(
                ConnectReq.newBuilder().setServer("comet-x").setToken(utf8("{oops")).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "token must be a JSON object", () -> comet.logic().connect(
                ConnectReq.newBuilder().setServer("comet-x").setToken(utf8("[1]")).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "token.mid must be a 64-bit integer", () -> comet.logic().connect(
                ConnectReq.newBuilder().setServer("comet-x").setToken(utf8("{\"mid\":\"x\"}")).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "token.accepts", () -> comet.logic().connect(
                ConnectReq.newBuilder().setServer("comet-x").setToken(utf8("{\"mid\":1,\"accepts\":7}")).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "server is required", () -> comet.logic().connect(
                ConnectReq.newBuilder().setToken(utf8("{\"mid\":1}")).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "key is required", () -> comet.logic().disconnect(
                DisconnectReq.newBuilder().setMid(1).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "must not be negative", () -> comet.logic().renewOnline(
                OnlineReq.newBuilder().setServer("comet-x").putRoomCount("live://1", -1).build()));
        // the connection survives refused calls
        comet.logic().heartbeat(HeartbeatReq.newBuilder().setMid(1).setKey("k-" + run).setServer("comet-x").build());
    }

    @Test
    void aCometPingingEvery10sWhileIdleKeepsItsConnection() throws Exception {
        // goim's comets: keepalive pings every 10 s, with or without calls; grpc-java's server default answers the
        // third such ping with GOAWAY too_many_pings (about 30 s), which would show as the channel leaving READY
        try (CometClient pinging = new CometClient(service.grpcPort(), builder -> builder
                .keepAliveTime(10, TimeUnit.SECONDS).keepAliveTimeout(5, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(true))) {
            pinging.logic().heartbeat(HeartbeatReq.newBuilder().setKey("idle-" + run).setServer("comet-k").build());
            assertEquals(ConnectivityState.READY, pinging.channel().getState(false));
            List<ConnectivityState> changes = new ArrayList<>();
            pinging.channel().notifyWhenStateChanged(ConnectivityState.READY,
                    () -> changes.add(pinging.channel().getState(false)));

            long idleUntil = System.nanoTime() + Duration.ofSeconds(35).toNanos();
            while (System.nanoTime() < idleUntil) {
                assertEquals(ConnectivityState.READY, pinging.channel().getState(false),
                        "the connection was dropped while idle: " + changes);
                Thread.sleep(200);
            }
            assertEquals(List.of(), changes, "the channel never left READY");

            pinging.logic().heartbeat(HeartbeatReq.newBuilder().setKey("idle-" + run).setServer("comet-k").build());
            assertEquals(2, pinging.callAddresses().size());
            assertEquals(pinging.callAddresses().get(0), pinging.callAddresses().get(1),
                    "the call after 35 s idle used the same connection");
        }
    }

    @Test
    void redisDownIsUnavailableThenTheCallsRecover() throws Exception {
        String server = "comet-r-" + run;
        ConnectReq connect = ConnectReq.newBuilder().setServer(server)
                .setToken(utf8("{\"mid\":" + freshMid() + ",\"key\":\"outage-" + run + "\"}")).build();
        comet.logic().connect(connect);
        TestServers.redis().stop();
        try {
            assertStatus(Status.Code.UNAVAILABLE, "Redis is unavailable", () -> comet.logic().heartbeat(
                    HeartbeatReq.newBuilder().setKey("outage-" + run).setServer(server).build()));
            assertStatus(Status.Code.UNAVAILABLE, "Redis is unavailable", () -> comet.logic().connect(connect));
        } finally {
            TestServers.redis().start();
        }
        RunningService.await(() -> {
            try {
                return comet.logic().connect(connect).getKey().equals("outage-" + run);
            } catch (StatusRuntimeException e) {
                assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
                return false;
            }
        }, Duration.ofSeconds(60), () -> "Connect never recovered after Redis came back");
        // the test's own connection did not survive the restart
        redis.close();
        redis = TestRedis.connect();
        assertEquals(server, redis.get("key_outage-" + run));
    }

    @Test
    void theSessionTokenGuardsTheGrpcCallsWhenSet() throws Exception {
        try (RunningService guarded = new RunningService(Map.of("im.auth.session-token", "comet-secret"));
             CometClient client = new CometClient(guarded.grpcPort())) {
            HeartbeatReq heartbeat = HeartbeatReq.newBuilder().setKey("auth-" + run).setServer("comet-a").build();
            assertStatus(Status.Code.UNAUTHENTICATED, "bearer token is required",
                    () -> client.logic().heartbeat(heartbeat));
            assertStatus(Status.Code.UNAUTHENTICATED, "not valid",
                    () -> client.logic("wrong").heartbeat(heartbeat));
            client.logic("comet-secret").heartbeat(heartbeat);
            assertEquals("comet-a", redis.get("key_auth-" + run));
        }
    }

    // ================================================================ helpers

    /** Pushes {@code body} to {@code mid} the goim way and returns the JSON records that went to {@code server}. */
    private static List<JsonNode> goimPush(long mid, String server, String contentType, String body) throws Exception {
        long before = service.counters().acceptedTotal();
        HttpRequest.Builder request = TestHttp.request(service.uri("/goim/push/mids?operation=1000&mids=" + mid))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> reply = service.send(request.build());
        assertEquals(200, reply.statusCode(), reply.body());
        assertEquals("{\"code\":0,\"message\":\"\"}", reply.body());
        service.awaitDelivered(before + 1);
        List<JsonNode> records = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : service.records()) {
            JsonNode value = JSON.readTree(record.value());
            if (server.equals(record.key()) && body.equals(value.path("msg").asText())) {
                records.add(value);
            }
        }
        return records;
    }

    private static void assertStatus(Status.Code code, String descriptionPart, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.toString());
        assertTrue(e.getStatus().getDescription() != null && e.getStatus().getDescription().contains(descriptionPart),
                e.toString());
    }

    private static long freshMid() {
        return Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L) + 1;
    }

    private static ByteString utf8(String text) {
        return ByteString.copyFrom(text, StandardCharsets.UTF_8);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
