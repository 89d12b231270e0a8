package io.imlogic.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Samples, every INTERVAL ms, what a bench phase needs into a CSV file: the machine's CPU jiffies and those of the
 * bench's own process tree (so that the CPU taken by everything else on a shared machine shows), each watched
 * process's CPU ticks (/proc); for an im-logic node also its push counters and heap in use, from its own Prometheus
 * endpoint ({@code /observe/metrics} on the management port, the figures an operator scrapes), and the size of the
 * files in its journal folder, measured on disk.
 *
 * <p>{@code Monitor OUT.csv INTERVAL_MS TREE_ROOT_PID pid:label[:MANAGEMENT_PORT[:JOURNAL_DIR]] ...}; runs until
 * terminated. A figure that cannot be read at a sample (the endpoint is not up yet, the process is gone) is -1.
 */
public final class Monitor {

    /** Columns from the Prometheus endpoint: the sum of a metric's series that have the given label, if any. */
    private static final String[][] METRICS = {{"accepted", "im_pushes_accepted_total", ""},
            {"delivered", "im_pushes_delivered_total", ""}, {"failed", "im_pushes_dead_lettered_total", ""},
            {"heap_used", "jvm_memory_used_bytes", "area=\"heap\""}};

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    private Monitor() {
    }

    record Watched(long pid, String label, URI metrics, Path journal) {
    }

    public static void main(String[] args) throws Exception {
        long interval = Long.parseLong(args[1]);
        long treeRoot = Long.parseLong(args[2]);
        List<Watched> watched = new ArrayList<>();
        StringBuilder header = new StringBuilder("t_ms,sys_busy,sys_total,bench_ticks");
        for (String arg : Arrays.copyOfRange(args, 3, args.length)) {
            String[] parts = arg.split(":", 4);
            Watched w = new Watched(Long.parseLong(parts[0]), parts[1], parts.length > 2
                    ? URI.create("http://127.0.0.1:" + parts[2] + "/observe/metrics") : null,
                    parts.length > 3 ? Path.of(parts[3]) : null);
            watched.add(w);
            header.append(',').append(w.label).append("_cpu_ticks");
            for (String[] metric : w.metrics == null ? new String[0][] : METRICS) {
                header.append(',').append(w.label).append('_').append(metric[0]);
            }
            header.append(w.journal == null ? "" : "," + w.label + "_journal_bytes");
        }
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(Path.of(args[0])))) {
            csv.println(header);
            csv.flush();
            long next = System.currentTimeMillis();
            while (true) {
                StringBuilder line = new StringBuilder().append(System.currentTimeMillis());
                // the counters first, right after the timestamp: they are what the rates are computed from
                List<long[]> counters = new ArrayList<>();
                for (Watched w : watched) {
                    counters.add(w.metrics == null ? new long[0] : scrape(w.metrics));
                }
                long[] cpu = systemCpu();
                line.append(',').append(cpu[0]).append(',').append(cpu[1]).append(',').append(treeTicks(treeRoot));
                for (int i = 0; i < watched.size(); i++) {
                    long[] f = stat(watched.get(i).pid);
                    line.append(',').append(f == null ? -1 : f[1] + f[2]);
                    Arrays.stream(counters.get(i)).forEach(c -> line.append(',').append(c));
                    Path journal = watched.get(i).journal;
                    line.append(journal == null ? "" : "," + folderBytes(journal));
                }
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

    /** The METRICS of one node from its Prometheus text page; -1 for one the page does not have (yet). */
    static long[] scrape(URI uri) {
        long[] values = new long[METRICS.length];
        Arrays.fill(values, -1);
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
            String page = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
            double[] sums = new double[METRICS.length];
            for (String line : page.split("\n")) {
                for (int i = 0; i < METRICS.length; i++) {
                    String name = METRICS[i][1];
                    if (line.startsWith(name) && line.length() > name.length()
                            && "{ ".indexOf(line.charAt(name.length())) >= 0 && line.contains(METRICS[i][2])) {
                        sums[i] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        values[i] = (long) sums[i];
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            Arrays.fill(values, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return values;
    }

    /** Bytes of the files under a folder, as {@code du -sb} counts them without the folders; 0 before it exists. */
    static long folderBytes(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.mapToLong(file -> {
                try {
                    return Files.isRegularFile(file) ? Files.size(file) : 0;
                } catch (IOException goneMeanwhile) {
                    return 0; // a segment deleted between the listing and its size: it no longer counts
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** {busy, total} jiffies of all CPUs, from the first line of /proc/stat. */
    static long[] systemCpu() {
        try {
            long[] f = Arrays.stream(Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+")).skip(1)
                    .mapToLong(Long::parseLong).toArray();
            long total = Arrays.stream(f).sum();
            return new long[] {total - f[3] - (f.length > 4 ? f[4] : 0), total};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    /**
     * CPU ticks of a process tree: every live descendant of ROOT (and ROOT) with its own ticks plus those of its
     * children that have exited and been waited for (cutime, cstime), so that short-lived tools still count once
     * they are gone.
     */
    static long treeTicks(long root) {
        Map<Long, long[]> all = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(dir -> dir.getFileName().toString()).filter(name -> name.matches("\\d+"))
                    .forEach(name -> {
                        long[] f = stat(Long.parseLong(name));
                        if (f != null) { // else: gone between the listing and the read
                            all.put(Long.parseLong(name), f);
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

    /** {ppid, utime, stime, cutime, cstime} from /proc/PID/stat; null when the process is gone. */
    static long[] stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // after the command (which may hold spaces): state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                    Long.parseLong(f[13]), Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
