package io.imlogic.config;

import io.imlogic.ImLogic;
import io.imlogic.dev.FreePorts;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Start-up failures that need no Redis or Kafka, through the real wiring: one line naming what to fix (what
 * {@link ImLogic#run} prints before exiting 1), never a Camel stack trace.
 */
class StartupFailuresTest {

    /** Starts the service with these settings, on free ports and a Redis that is not there unless they say. */
    static String refusal(Map<String, String> settings) {
        Map<String, String> overrides = new HashMap<>();
        // the machine's IM_* variables must not leak into tests
        overrides.put("camel.component.properties.environment-variable-mode", "0");
        for (String server : new String[] {"http", "management", "grpc"}) {
            overrides.put("im." + server + ".host", "127.0.0.1");
            overrides.put("im." + server + ".port", Integer.toString(FreePorts.pick()));
        }
        overrides.put("im.redis.url", "redis://127.0.0.1:" + FreePorts.pick());
        overrides.putAll(settings);
        ImLogic service = new ImLogic(overrides);
        try {
            Exception failure = assertThrows(Exception.class, service::start);
            StartupException startup = StartupException.findIn(failure);
            assertNotNull(startup, "not a StartupException: " + failure);
            return startup.getMessage();
        } finally {
            service.close();
        }
    }

    @Test
    void aSettingCamelBindsIsCheckedBeforeCamelBindsIt() {
        // im.http.port is also camel.server.port: Camel's own binding would fail first, naming neither
        assertEquals("setting im.http.port (IM_HTTP_PORT) must be a whole number, not '31x1'",
                refusal(Map.of("im.http.port", "31x1")));
    }

    @Test
    void aNumberThatMustBePositive() {
        assertEquals("setting im.pipeline.threads (IM_PIPELINE_THREADS) must be positive, not 0",
                refusal(Map.of("im.pipeline.threads", "0")));
    }

    @Test
    void aGoimDuration() {
        assertEquals("setting im.session.expire (IM_SESSION_EXPIRE) must be a positive duration like 30m, 20s or 1h,"
                + " not '30 minutes'", refusal(Map.of("im.session.expire", "30 minutes")));
    }

    @Test
    void redisThatDoesNotAnswer() {
        String message = refusal(Map.of("im.redis.url", "redis://user:secret@127.0.0.1:" + FreePorts.pick()));
        assertTrue(message.startsWith("Redis (single) at redis://***@127.0.0.1:"), message);
        assertTrue(message.endsWith("; set IM_REDIS_URL (or IM_REDIS_MODE and IM_REDIS_NODES)"), message);
    }

    @Test
    void aRedisModeThatDoesNotExist() {
        assertTrue(refusal(Map.of("im.redis.mode", "ring")).contains("im.redis.mode must be single, cluster or "
                + "sentinel, not 'ring'"));
    }
}
