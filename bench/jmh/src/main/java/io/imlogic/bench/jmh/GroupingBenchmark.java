package io.imlogic.bench.jmh;

import io.imlogic.push.PushMessage;
import io.imlogic.push.PushRequest;
import io.imlogic.redis.ServerKeys;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Grouping the lookup's answers by comet server with {@link ServerKeys}, then one {@link PushMessage} per server:
 * what the pipeline does between the Redis replies and the Kafka encoding. The replies are made up front, in the
 * bench's layout (mid m has 2 keys on comet-((2m+c) % servers)).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GroupingBenchmark {

    @Param({"1", "100", "1000"})
    public int mids;

    @Param({"8", "64"})
    public int servers;

    private String[] keys;
    private String[] serverOfKey;
    private PushRequest request;

    @Setup(Level.Trial)
    public void setUp() {
        keys = new String[mids * 2];
        serverOfKey = new String[mids * 2];
        long[] ids = new long[mids];
        for (int i = 0; i < mids; i++) {
            long mid = 1_000_000L + i * 7919L;
            ids[i] = mid;
            for (int c = 0; c < 2; c++) {
                keys[i * 2 + c] = mid + "-" + c;
                serverOfKey[i * 2 + c] = "comet-" + ((mid * 2 + c) % servers);
            }
        }
        request = PushRequest.toMids("00000000-0000-4000-8000-000000000000", 1000, ids,
                "hello from bench".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Benchmark
    public List<PushMessage> groupByServer() {
        ServerKeys grouped = new ServerKeys();
        for (int i = 0; i < keys.length; i++) {
            grouped.add(keys[i], serverOfKey[i]);
        }
        List<PushMessage> messages = new ArrayList<>(grouped.serverCount());
        for (Map.Entry<String, List<String>> entry : grouped.asMap().entrySet()) {
            messages.add(PushMessage.toServer(request, entry.getKey(), entry.getValue()));
        }
        return messages;
    }
}
