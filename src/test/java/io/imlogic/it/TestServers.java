package io.imlogic.it;

import io.imlogic.dev.EmbeddedKafka;
import io.imlogic.dev.EmbeddedRedis;
import io.imlogic.dev.FreePorts;

import java.nio.file.Path;

/**
 * One real Redis and one real Kafka broker for the whole integration-test run, started on first use on free ports
 * and stopped when the JVM exits.
 */
public final class TestServers {

    private static EmbeddedRedis redis;
    private static EmbeddedKafka kafka;

    private TestServers() {
    }

    public static synchronized EmbeddedRedis redis() {
        if (redis == null) {
            redis = new EmbeddedRedis(FreePorts.pick(), dataDir().resolve("redis"));
            redis.start();
            Runtime.getRuntime().addShutdownHook(new Thread(redis::stop));
        }
        return redis;
    }

    public static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            kafka = new EmbeddedKafka(FreePorts.pick(), FreePorts.pick(), dataDir().resolve("kafka"));
            kafka.start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop));
        }
        return kafka;
    }

    private static Path dataDir() {
        return Path.of("target", "it-servers", Long.toString(ProcessHandle.current().pid()));
    }
}
