package io.imlogic.bench.jmh;

import io.imlogic.kafka.PushMessageFormat;
import io.imlogic.push.PushMessage;
import io.imlogic.push.PushRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Kafka record value through {@link PushMessageFormat#encode}: JSON (Jackson's streaming generator, im-cloud's
 * shape, the default) and goim's protobuf (the class generated from logic.proto), for a record carrying KEYS
 * connection keys (1 for a single user, 250 for a 1000-mid push spread over 8 servers) and a MSG_BYTES message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EncodingBenchmark {

    @Param({"1", "250"})
    public int keys;

    @Param({"16", "1024"})
    public int msgBytes;

    private PushMessageFormat json;
    private PushMessageFormat protobuf;
    private PushMessage message;

    @Setup(Level.Trial)
    public void setUp() {
        json = new PushMessageFormat(PushMessageFormat.Encoding.JSON);
        protobuf = new PushMessageFormat(PushMessageFormat.Encoding.PROTOBUF);
        List<String> keyList = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            keyList.add((1_000_000L + i * 7919L) + "-" + (i % 2));
        }
        byte[] msg = "m".repeat(msgBytes).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        PushRequest request = PushRequest.toMids("00000000-0000-4000-8000-000000000000", 1000, new long[] {1}, msg);
        message = PushMessage.toServer(request, "comet-3", keyList);
    }

    @Benchmark
    public byte[] json() {
        return json.encode(message);
    }

    @Benchmark
    public byte[] protobuf() {
        return protobuf.encode(message);
    }
}
