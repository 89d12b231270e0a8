package io.imlogic.dev;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka broker in KRaft combined mode (broker and controller in one server), running in
 * this JVM. It can be stopped and started again on the same ports and data, as a broker outage would.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final long READY_TIMEOUT_MS = 30_000;

    private final int brokerPort;
    private final int controllerPort;
    private final Path dataDir;
    private KafkaRaftServer server;

    public EmbeddedKafka(int brokerPort, int controllerPort, Path dataDir) {
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir.toAbsolutePath();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Formats the storage on first use, starts the server and returns once it answers metadata requests. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        Properties props = serverProperties();
        formatOnce(props);
        // doLog=false: otherwise every start dumps the full 300-line configuration at INFO.
        KafkaRaftServer starting = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        try {
            starting.startup();
        } catch (RuntimeException e) {
            shutdown(starting);
            throw new IllegalStateException("Kafka on " + bootstrapServers() + " (controller port " + controllerPort
                    + ") failed to start: " + e.getMessage(), e);
        }
        try {
            awaitBrokerAnswers();
        } catch (RuntimeException e) {
            shutdown(starting);
            throw e;
        }
        server = starting;
    }

    /** Shuts the server down and waits for it; does nothing if it is not running. */
    public synchronized void stop() {
        if (server != null) {
            KafkaRaftServer stopping = server;
            server = null;
            shutdown(stopping);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Creates a topic with replication factor 1; an existing topic is left as it is. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all()
                    .get(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + name, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Could not create topic " + name, e);
        }
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir().toString());
        // One node: internal topics must not ask for more replicas than exist, or groups never form.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "4");
        p.put("auto.create.topics.enable", "true");
        // Light on a 2-core box: few threads, few internal partitions, and a small cleaner buffer
        // (the default 128 MiB would be allocated as soon as __consumer_offsets gets compacted).
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        return p;
    }

    private void formatOnce(Properties props) {
        if (Files.exists(logDir().resolve("meta.properties"))) {
            return; // a restart: formatting again would fail, and a new cluster id would orphan the data
        }
        try {
            Files.createDirectories(logDir());
            Path configFile = dataDir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(configFile)) {
                props.store(out, "embedded Kafka, written for kafka-storage format");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            // execute() returns a code (main() is the one that calls Exit); its chatter goes to a buffer.
            int code = StorageTool.execute(new String[] {"format", "--config", configFile.toString(),
                    "--cluster-id", Uuid.randomUuid().toString()},
                    new PrintStream(output, true, StandardCharsets.UTF_8));
            if (code != 0) {
                throw new IllegalStateException("kafka-storage format failed with " + code + ": "
                        + output.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not format Kafka storage in " + logDir(), e);
        }
    }

    private void awaitBrokerAnswers() {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.currentTimeMillis() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for Kafka", e);
                } catch (Exception e) {
                    last = e;
                }
            }
        }
        throw new IllegalStateException("Kafka on " + bootstrapServers() + " did not answer describeCluster within "
                + READY_TIMEOUT_MS + " ms", last);
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200));
    }

    private Path logDir() {
        return dataDir.resolve("logs");
    }

    private static void shutdown(KafkaRaftServer s) {
        s.shutdown();
        s.awaitShutdown();
    }
}
