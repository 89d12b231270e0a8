package io.imlogic.bench;

import com.sun.tools.attach.VirtualMachine;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Samples, every INTERVAL ms, what a bench phase needs from outside the service, into a CSV file: the sum of the
 * topic's end offsets, the machine's CPU jiffies and those of the bench's own process tree (so that the CPU taken by
 * everything else on a shared machine shows), and for each watched process its CPU ticks and RSS (from /proc); for
 * an im-logic JVM also its push counters and heap in use (over JMX through the Attach API), and the size of its
 * journal folder.
 *
 * <p>{@code Monitor OUT.csv BROKERS|- TOPIC INTERVAL_MS TREE_ROOT_PID pid:label[:jmx[:JOURNAL_DIR]] ...}; runs until
 * terminated.
 */
public final class Monitor {

    private Monitor() {
    }

    record Watched(long pid, String label, Service service, Path journal) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        String brokers = args[1];
        String topic = args[2];
        long interval = Long.parseLong(args[3]);
        long treeRoot = Long.parseLong(args[4]);
        List<Watched> watched = new ArrayList<>();
        for (int i = 5; i < args.length; i++) {
            String[] parts = args[i].split(":", 4);
            long pid = Long.parseLong(parts[0]);
            boolean jmx = parts.length > 2 && parts[2].equals("jmx");
            watched.add(new Watched(pid, parts[1], jmx ? new Service(pid) : null,
                    parts.length > 3 ? Path.of(parts[3]) : null));
        }
        KafkaConsumer<byte[], byte[]> consumer = brokers.equals("-") ? null : consumer(brokers);
        List<TopicPartition> partitions = new ArrayList<>();

        StringBuilder header = new StringBuilder("t_ms,kafka_end,sys_busy,sys_total,bench_ticks");
        for (Watched w : watched) {
            String p = w.label() + "_";
            header.append(',').append(p).append("cpu_ticks,").append(p).append("rss_kb");
            if (w.service() != null) {
                header.append(',').append(p).append("accepted,").append(p).append("delivered,").append(p)
                        .append("failed,").append(p).append("heap_used");
            }
            if (w.journal() != null) {
                header.append(',').append(p).append("journal_bytes");
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
                    counters.add(w.service() == null ? null : w.service().sample());
                }
                StringBuilder rest = new StringBuilder();
                long[] cpu = systemCpu();
                rest.append(cpu[0]).append(',').append(cpu[1]).append(',').append(ProcStat.treeTicks(treeRoot));
                for (int i = 0; i < watched.size(); i++) {
                    Watched w = watched.get(i);
                    long[] proc = ProcStat.read(w.pid());
                    rest.append(',').append(proc[0]).append(',').append(proc[1]);
                    if (counters.get(i) != null) {
                        for (long c : counters.get(i)) {
                            rest.append(',').append(c);
                        }
                    }
                    if (w.journal() != null) {
                        rest.append(',').append(folderBytes(w.journal()));
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

    /** Bytes of the files under a folder, as {@code du -sb} counts them without the folders; 0 before it exists. */
    static long folderBytes(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        long[] total = {0};
        try (Stream<Path> files = Files.walk(folder)) {
            files.forEach(file -> {
                try {
                    if (Files.isRegularFile(file)) {
                        total[0] += Files.size(file);
                    }
                } catch (IOException goneMeanwhile) {
                    // a segment deleted between the listing and its size: it no longer counts
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
        return total[0];
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

    /**
     * The push counters and heap of one im-logic JVM over JMX; -1 while they are not there yet. The counters are the
     * service's own (the PushCounters MBean, the figures behind im_pushes_*_total), not route statistics, so that
     * they mean the same whatever shape the routes take.
     */
    static final class Service {
        private final long pid;
        private MBeanServerConnection mbeans;
        private ObjectName counters;
        private final ObjectName memory;

        Service(long pid) {
            this.pid = pid;
            try {
                this.memory = new ObjectName("java.lang:type=Memory");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        long[] sample() {
            try {
                if (mbeans == null) {
                    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
                    String address = vm.startLocalManagementAgent();
                    vm.detach();
                    mbeans = JMXConnectorFactory.connect(new JMXServiceURL(address)).getMBeanServerConnection();
                }
                long heap = ((Number) ((CompositeData) mbeans.getAttribute(memory, "HeapMemoryUsage")).get("used"))
                        .longValue();
                if (counters == null) {
                    Set<ObjectName> names = mbeans.queryNames(
                            new ObjectName("org.apache.camel:type=services,name=PushCounters,*"), null);
                    if (names.isEmpty()) {
                        return new long[] {-1, -1, -1, heap};
                    }
                    counters = names.iterator().next();
                }
                long accepted = attr("AcceptedMids") + attr("AcceptedKeys") + attr("AcceptedRoom")
                        + attr("AcceptedAll");
                return new long[] {accepted, attr("Delivered"), attr("DeadLettered"), heap};
            } catch (Exception e) {
                mbeans = null;
                counters = null;
                return new long[] {-1, -1, -1, -1};
            }
        }

        private long attr(String attribute) throws Exception {
            return ((Number) mbeans.getAttribute(counters, attribute)).longValue();
        }
    }

    /** From /proc. */
    static final class ProcStat {

        /** utime+stime ticks and VmRSS in kB of a process; -1 when it is gone. */
        static long[] read(long pid) {
            try {
                long[] f = fields(pid);
                long rss = -1;
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
                return new long[] {f[1] + f[2], rss};
            } catch (Exception e) {
                return new long[] {-1, -1};
            }
        }

        /**
         * CPU ticks of a process tree: every live descendant of ROOT (and ROOT) with its own ticks plus those of its
         * children that have exited and been waited for (cutime, cstime), so that short-lived tools still count
         * once they are gone.
         */
        static long treeTicks(long root) {
            Map<Long, long[]> all = new HashMap<>();
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                procs.forEach(dir -> {
                    String name = dir.getFileName().toString();
                    if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
                        try {
                            all.put(Long.parseLong(name), fields(Long.parseLong(name)));
                        } catch (Exception exited) {
                            // gone between the listing and the read
                        }
                    }
                });
            } catch (IOException e) {
                return -1;
            }
            long ticks = 0;
            for (Map.Entry<Long, long[]> e : all.entrySet()) {
                long pid = e.getKey();
                for (int depth = 0; depth < 64 && pid > 1; depth++) {
                    if (pid == root) {
                        long[] f = e.getValue();
                        ticks += f[1] + f[2] + f[3] + f[4];
                        break;
                    }
                    long[] parent = all.get(pid);
                    pid = parent == null ? 0 : parent[0];
                }
            }
            return ticks;
        }

        /** {ppid, utime, stime, cutime, cstime}. */
        private static long[] fields(long pid) throws IOException {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // after the command (which may hold spaces): state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                    Long.parseLong(f[13]), Long.parseLong(f[14])};
        }
    }
}
