package io.imlogic.ops;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The production logback.xml: text by default, one JSON object per line with IM_LOG_FORMAT=json. */
class LogFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonFormatWritesOneObjectPerLineWithTheMdc() throws Exception {
        List<String> lines = logWith("json", "io.imlogic.push.PushPlanner", "request {}: \"quoted\"\nsecond line");
        assertEquals(1, lines.size(), "one line per event, even for a message with a newline: " + lines);
        JsonNode event = JSON.readTree(lines.get(0));
        assertEquals("INFO", event.path("level").asText());
        assertEquals("io.imlogic.push.PushPlanner", event.path("logger").asText());
        assertEquals(Thread.currentThread().getName(), event.path("thread").asText());
        assertEquals("request r-1: \"quoted\"\nsecond line", event.path("message").asText());
        assertEquals("r-1", event.path("requestId").asText());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", event.path("trace_id").asText());
        assertEquals("00f067aa0ba902b7", event.path("span_id").asText());
        assertTrue(event.path("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}.*"),
                "ISO-8601 timestamp: " + event.path("timestamp"));
        assertFalse(event.has("@version") || event.has("level_value"), "no noise fields: " + event);
    }

    @Test
    void textStaysTheDefault() {
        List<String> lines = logWith(null, "io.imlogic.push.PushPlanner", "request {} planned");
        assertEquals(1, lines.size());
        assertFalse(lines.get(0).startsWith("{"), lines.get(0));
        assertTrue(lines.get(0).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.*] .*PushPlanner r-1 - request r-1 planned"),
                lines.get(0));
    }

    /** Configures a private logger context from src/main/resources/logback.xml and logs one INFO line to it. */
    private static List<String> logWith(String format, String loggerName, String message) {
        LoggerContext context = new LoggerContext();
        // the MDC slf4j's MDC class writes to, as in the service's own (global) context
        context.setMDCAdapter(MDC.getMDCAdapter());
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            if (format != null) {
                // the condition reads context properties, system properties and the environment, in that order
                context.putProperty("IM_LOG_FORMAT", format);
            }
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(Path.of("src/main/resources/logback.xml").toFile());
            Logger logger = context.getLogger(loggerName);
            MDC.put("requestId", "r-1");
            MDC.put("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
            MDC.put("span_id", "00f067aa0ba902b7");
            logger.info(message, "r-1");
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            MDC.clear();
            context.stop();
            System.setOut(stdout);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
    }
}
