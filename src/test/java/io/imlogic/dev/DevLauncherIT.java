package io.imlogic.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.imlogic.it.TestHttp;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The run command's launcher as a user starts it (its own JVM, here with the test classpath where Maven would give it
 * the same through exec:java): the service runs in a separate JVM with the production options and the runtime
 * classpath only, a push reaches the embedded Kafka, and a SIGTERM to the launcher stops the service and then the
 * embedded servers.
 */
class DevLauncherIT {

    private static final Pattern SERVICE_PID = Pattern.compile("JVM   : pid (\\d+)");

    private Process launcher;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void killLeftovers() throws InterruptedException {
        if (launcher != null && launcher.isAlive()) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void runsTheServiceInItsOwnJvmAndStopsEverythingOnSigterm() throws Exception {
        int redisPort = FreePorts.pick();
        int kafkaPort = FreePorts.pick();
        int httpPort = FreePorts.pick();
        Map<String, String> env = new HashMap<>();
        env.put("IM_DEV_REDIS_PORT", Integer.toString(redisPort));
        env.put("IM_DEV_KAFKA_PORT", Integer.toString(kafkaPort));
        env.put("IM_HTTP_PORT", Integer.toString(httpPort));
        env.put("IM_JAVA_OPTS", "-Xmx256m");
        start(env);

        long servicePid = awaitServicePid();
        assertNotEquals(launcher.pid(), servicePid);
        ProcessHandle service = ProcessHandle.of(servicePid).orElseThrow();
        assertTrue(launcher.children().anyMatch(child -> child.pid() == servicePid), "the launcher's own child");
        List<String> arguments = commandLine(servicePid);
        assertEquals(io.imlogic.ImLogic.class.getName(), arguments.get(arguments.size() - 1));
        assertTrue(arguments.containsAll(ServiceJvm.OPTIONS), "production options: " + arguments);
        assertTrue(arguments.contains("-Xmx256m"), "IM_JAVA_OPTS sizes the heap: " + arguments);
        assertFalse(arguments.contains(ServiceJvm.DEFAULT_HEAP), "no default heap beside the user's: " + arguments);
        String classpath = arguments.get(arguments.indexOf("-cp") + 1);
        for (String devOnly : List.of("kafka_2.13", "embedded-redis", "junit", "test-classes")) {
            assertFalse(classpath.contains(devOnly), devOnly + " on the service's classpath: " + classpath);
        }

        HttpResponse<String> reply = TestHttp.create(Duration.ofSeconds(5)).post(
                URI.create("http://127.0.0.1:" + httpPort + "/im/push/mids"), "application/json",
                "{\"operation\":1000,\"mids\":[1],\"msg\":\"launched\"}");
        assertEquals(202, reply.statusCode(), reply.body());
        Matcher id = Pattern.compile("\"requestId\":\"([^\"]+)\"").matcher(reply.body());
        assertTrue(id.find(), reply.body());
        // the demo seed gives mid 1 a connection on comet-1 and one on comet-2: one record per server
        assertEquals(Set.of("comet-1", "comet-2"), serversOfRequest("127.0.0.1:" + kafkaPort, id.group(1), 2));

        launcher.destroy();
        assertTrue(launcher.waitFor(90, TimeUnit.SECONDS), "launcher still running after SIGTERM:\n" + tail());
        assertEquals(0, launcher.exitValue(), tail());
        assertFalse(service.isAlive(), "service outlived the launcher");
        assertTrue(FreePorts.isFree(httpPort), "HTTP port still taken");
        assertTrue(FreePorts.isFree(kafkaPort), "embedded Kafka still listening");
        assertTrue(FreePorts.isFree(redisPort), "embedded Redis still listening");
    }

    @Test
    void exitsNonZeroAndStopsTheServersWhenTheServiceCannotStart() throws Exception {
        int redisPort = FreePorts.pick();
        int kafkaPort = FreePorts.pick();
        Map<String, String> env = new HashMap<>();
        env.put("IM_DEV_REDIS_PORT", Integer.toString(redisPort));
        env.put("IM_DEV_KAFKA_PORT", Integer.toString(kafkaPort));
        env.put("IM_HTTP_PORT", Integer.toString(FreePorts.pick()));
        env.put("IM_CONFIG_FILE", "target/no-such-config.properties");
        start(env);

        assertTrue(launcher.waitFor(120, TimeUnit.SECONDS), "launcher still running:\n" + tail());
        assertNotEquals(0, launcher.exitValue(), tail());
        assertTrue(FreePorts.isFree(kafkaPort), "embedded Kafka still listening");
        assertTrue(FreePorts.isFree(redisPort), "embedded Redis still listening");
    }

    private void start(Map<String, String> settings) throws IOException {
        Path data = Files.createDirectories(Path.of("target", "dev-launcher-it", UUID.randomUUID().toString()));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), DevLauncher.class.getName())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("IM_") || key.equals("JAVA_OPTS"));
        env.put("IM_DEV_DATA_DIR", data.toString());
        env.put("IM_JOURNAL_DIR", data.resolve("journal").toString());
        env.put("IM_HTTP_HOST", "127.0.0.1");
        env.put("IM_MANAGEMENT_PORT", Integer.toString(FreePorts.pick()));
        env.put("IM_MANAGEMENT_HOST", "127.0.0.1");
        env.putAll(settings);
        launcher = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(launcher.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                }
            } catch (IOException closed) {
                // the launcher is gone
            }
        }, "launcher-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The banner names the service's pid once the service reports ready. */
    private long awaitServicePid() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            synchronized (output) {
                for (String line : output) {
                    Matcher m = SERVICE_PID.matcher(line);
                    if (m.find()) {
                        return Long.parseLong(m.group(1));
                    }
                }
            }
            if (launcher.waitFor(200, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("launcher exited with " + launcher.exitValue() + ":\n" + tail());
            }
        }
        throw new AssertionError("no banner within 180 s:\n" + tail());
    }

    private static Set<String> serversOfRequest(String brokers, String requestId, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "launcher-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Set<String> servers = new TreeSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("goim-push-topic"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (servers.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Header header = record.headers().lastHeader("im-request-id");
                    if (header != null && requestId.equals(new String(header.value(), StandardCharsets.UTF_8))) {
                        servers.add(record.key());
                    }
                }
            }
        }
        return servers;
    }

    /** /proc's copy: ProcessHandle.Info gives no arguments for a command line as long as a full classpath. */
    private static List<String> commandLine(long pid) throws IOException {
        String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                StandardCharsets.UTF_8);
        List<String> parts = List.of(cmdline.split("\0"));
        return parts.subList(1, parts.size());
    }

    private String tail() {
        synchronized (output) {
            return String.join("\n", output.subList(Math.max(0, output.size() - 60), output.size()));
        }
    }
}
