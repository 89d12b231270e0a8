package io.imlogic.bench;

import com.sun.tools.attach.VirtualMachine;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Samples, every INTERVAL ms, what a bench phase needs from outside the service, into a CSV file:
 * the sum of the topic's end offsets (records that reached Kafka), the machine's CPU jiffies, and for each watched
 * process its CPU ticks and RSS (from /proc) and, for an im-logic JVM, its Camel counters read over JMX through the
 * Attach API: pushes handed to the pipeline (the wireTap step), pushes delivered (the delivery route), delivery
 * failures, and handled API failures (400s and 503s).
 *
 * <p>{@code Monitor OUT.csv BROKERS|- TOPIC INTERVAL_MS pid:label:jmx|pid:label ...}; runs until terminated.
 */
public final class Monitor {

    private Monitor() {
    }

    record Watched(long pid, String label, Camel camel) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        String brokers = args[1];
        String topic = args[2];
        long interval = Long.parseLong(args[3]);
        List<Watched> watched = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            String[] parts = args[i].split(":");
            long pid = Long.parseLong(parts[0]);
            watched.add(new Watched(pid, parts[1], parts.length > 2 && parts[2].equals("jmx") ? new Camel(pid) : null));
        }
        KafkaConsumer<byte[], byte[]> consumer = brokers.equals("-") ? null : consumer(brokers);
        List<TopicPartition> partitions = new ArrayList<>();

        StringBuilder header = new StringBuilder("t_ms,kafka_end,sys_busy,sys_total");
        for (Watched w : watched) {
            String p = w.label() + "_";
            header.append(',').append(p).append("cpu_ticks,").append(p).append("rss_kb");
            if (w.camel() != null) {
                header.append(',').append(p).append("accepted,").append(p).append("delivered,").append(p)
                        .append("failed,").append(p).append("handled");
            }
        }
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out))) {
            csv.println(header);
            csv.flush();
            long next = System.currentTimeMillis();
            while (true) {
                long now = System.currentTimeMillis();
                StringBuilder line = new StringBuilder();
                line.append(now).append(',');
                // the counters first, right after the timestamp: they are what the rates are computed from
                List<long[]> counters = new ArrayList<>();
                for (Watched w : watched) {
                    counters.add(w.camel() == null ? null : w.camel().counters());
                }
                StringBuilder rest = new StringBuilder();
                long[] cpu = systemCpu();
                rest.append(cpu[0]).append(',').append(cpu[1]);
                for (int i = 0; i < watched.size(); i++) {
                    long[] proc = ProcStat.read(watched.get(i).pid());
                    rest.append(',').append(proc[0]).append(',').append(proc[1]);
                    if (counters.get(i) != null) {
                        for (long c : counters.get(i)) {
                            rest.append(',').append(c);
                        }
                    }
                }
                long end = -1;
                if (consumer != null) {
                    try {
                        if (partitions.isEmpty()) {
                            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                            if (infos != null) {
                                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                            }
                        }
                        end = 0;
                        for (long offset : consumer.endOffsets(partitions, Duration.ofSeconds(5)).values()) {
                            end += offset;
                        }
                    } catch (RuntimeException e) {
                        end = -1;
                    }
                }
                line.append(end).append(',').append(rest);
                csv.println(line);
                csv.flush();
                next += interval;
                long sleep = next - System.currentTimeMillis();
                if (sleep > 0) {
                    Thread.sleep(sleep);
                } else {
                    next = System.currentTimeMillis();
                }
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String brokers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** {busy, total} jiffies of all CPUs, from the first line of /proc/stat. */
    static long[] systemCpu() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
            return new long[] {total - idle, total};
        } catch (Exception e) {
            return new long[] {-1, -1};
        }
    }

    /** The Camel counters of one im-logic JVM over JMX; -1 while its routes are not there yet. */
    static final class Camel {
        private final long pid;
        private MBeanServerConnection mbeans;
        private ObjectName wireTap;
        private ObjectName acceptRoute;
        private ObjectName deliverRoute;

        Camel(long pid) {
            this.pid = pid;
        }

        long[] counters() {
            try {
                if (mbeans == null) {
                    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
                    String address = vm.startLocalManagementAgent();
                    vm.detach();
                    mbeans = JMXConnectorFactory.connect(new JMXServiceURL(address)).getMBeanServerConnection();
                }
                if (deliverRoute == null) {
                    wireTap = find("type=processors,name=\"hand-push-to-mids-to-pipeline\"");
                    acceptRoute = find("type=routes,name=\"accept-push-to-mids\"");
                    deliverRoute = find("type=routes,name=\"deliver-pushes\"");
                }
                if (deliverRoute == null || acceptRoute == null) {
                    return new long[] {-1, -1, -1, -1};
                }
                long accepted = wireTap != null ? attr(wireTap, "ExchangesCompleted")
                        : attr(acceptRoute, "ExchangesCompleted") - attr(acceptRoute, "FailuresHandled");
                return new long[] {accepted, attr(deliverRoute, "ExchangesCompleted"),
                        attr(deliverRoute, "ExchangesFailed"), attr(acceptRoute, "FailuresHandled")};
            } catch (Exception e) {
                mbeans = null;
                deliverRoute = null;
                return new long[] {-1, -1, -1, -1};
            }
        }

        private ObjectName find(String keys) throws Exception {
            Set<ObjectName> names = mbeans.queryNames(new ObjectName("org.apache.camel:" + keys + ",*"), null);
            return names.isEmpty() ? null : names.iterator().next();
        }

        private long attr(ObjectName name, String attribute) throws Exception {
            return ((Number) mbeans.getAttribute(name, attribute)).longValue();
        }
    }

    /** utime+stime ticks and VmRSS in kB of a process; -1 when it is gone. */
    static final class ProcStat {
        static long[] read(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // after the command: state(0) ppid(1) ... utime is field 14 of the line, index 11 here
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                long rss = -1;
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
                return new long[] {ticks, rss};
            } catch (Exception e) {
                return new long[] {-1, -1};
            }
        }
    }

}
