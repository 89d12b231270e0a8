package io.imlogic.journal;

import io.imlogic.push.PushRequest;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The durable accept journal: every push is appended to a local file before the API answers 202, and a removal line
 * is appended once the pipeline has all its records acked by Kafka (or has handed it to the dead letters). Whatever
 * a node finds accepted and never removed when it starts was promised by an earlier run and never delivered;
 * {@link JournalRecovery} sends it again.
 *
 * <p>A local append-only file rather than Redis: the reply must never wait on Redis (a paused Redis would hold every
 * 202), and an append is one {@code write} into the page cache, microseconds, which a SIGKILL of the process cannot
 * undo. A crash of the machine itself can lose the last appends unless {@code im.journal.fsync} is on (each append
 * then waits for the disk). The files live under {@code im.journal.dir/<nodeId>}: the node id must be stable across
 * restarts, and the folder on storage that outlives the process (a volume, for containers).
 *
 * <p>One line per event: {@code A <request JSON>} on accept, {@code D <requestId>} on removal. At start the
 * leftovers are read, written into a fresh file, and the old files deleted; the file rolls over to a new one past
 * {@link #ROLL_BYTES} as soon as nothing in it is pending.
 */
public final class AcceptJournal {

    static final long ROLL_BYTES = 64L * 1024 * 1024;
    private static final String FILE_PREFIX = "journal-";
    private static final String FILE_SUFFIX = ".log";

    private static final Logger LOG = LoggerFactory.getLogger(AcceptJournal.class);

    private final Path folder;
    private final boolean fsync;
    private final List<PushRequest> leftovers;
    private final Map<String, Boolean> open = new ConcurrentHashMap<>();
    private final LongAdder recorded = new LongAdder();
    private final LongAdder removed = new LongAdder();
    private final LongAdder recordFailures = new LongAdder();
    private FileChannel file;
    private Path current;
    private long sequence;

    /**
     * Opens this node's journal folder, reads what earlier runs left, and starts a fresh file holding just those.
     *
     * @throws UncheckedIOException when the folder cannot be used: the service must not start without its journal
     */
    public AcceptJournal(Path baseFolder, String nodeId, boolean fsync) {
        this.folder = baseFolder.resolve(nodeId);
        this.fsync = fsync;
        try {
            Files.createDirectories(folder);
            List<Path> old = files();
            leftovers = read(old);
            sequence = old.isEmpty() ? 0 : sequenceOf(old.get(old.size() - 1)) + 1;
            openNext();
            for (PushRequest request : leftovers) {
                append("A " + JournalCodec.encode(request) + "\n");
                open.put(request.requestId(), Boolean.TRUE);
            }
            file.force(false);
            for (Path path : old) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("accept journal " + folder + " cannot be used: " + e.getMessage(), e);
        }
    }

    private AcceptJournal() {
        this.folder = null;
        this.fsync = false;
        this.leftovers = List.of();
    }

    /** A journal that records nothing: {@code im.journal.enabled=false}. */
    public static AcceptJournal disabled() {
        return new AcceptJournal();
    }

    /** The configured node id, or {@code <hostname>-<httpPort>} when none is set. */
    public static String nodeId(String configured, int httpPort) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        return hostname() + "-" + httpPort;
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (name != null && !name.isBlank()) {
                return name;
            }
        } catch (Exception e) {
            // a host without a resolvable name: fall back to the environment
        }
        return env == null || env.isBlank() ? "localhost" : env;
    }

    public boolean enabled() {
        return folder != null;
    }

    /** Where this node's journal lives ({@code null} when disabled). */
    public String key() {
        return folder == null ? null : folder.toString();
    }

    /**
     * Appends the push and returns once the line is in the operating system's hands (on disk, with fsync). Called
     * on the HTTP thread after validation and before the hand-over to the pipeline.
     *
     * @throws JournalUnavailableException when the file cannot take it: the push must be refused, not promised
     */
    public void record(PushRequest request) {
        if (folder == null) {
            return;
        }
        String line = "A " + JournalCodec.encode(request) + "\n";
        try {
            synchronized (this) {
                append(line);
                if (fsync) {
                    file.force(false);
                }
            }
        } catch (IOException e) {
            recordFailures.increment();
            throw new JournalUnavailableException("the accept journal cannot be written: " + e.getMessage(), e);
        }
        open.put(request.requestId(), Boolean.TRUE);
        recorded.increment();
    }

    /** Marks a push done. A removal lost to a crash only means the push is sent again (at least once). */
    public void remove(String requestId) {
        if (folder == null || requestId == null || open.remove(requestId) == null) {
            return;
        }
        try {
            synchronized (this) {
                append("D " + requestId + "\n");
                if (open.isEmpty() && file.position() > ROLL_BYTES) {
                    roll();
                }
            }
            removed.increment();
        } catch (IOException e) {
            LOG.warn("accept journal {}: cannot mark {} done ({}); it will be sent again at restart", folder,
                    requestId, e.getMessage());
        }
    }

    /**
     * For the API's error handler: a push that was journaled but then refused (the pipeline queue was full, so
     * the client got 503, not 202) must not be sent at the next start. Does nothing for any other failure.
     */
    public void forgetRejected(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (!(error instanceof RejectedExecutionException) || error instanceof JournalUnavailableException) {
            return;
        }
        if (exchange.getMessage().getBody() instanceof PushRequest request) {
            remove(request.requestId());
        }
    }

    /** What earlier runs left: accepted and never marked done; oldest accept first. Read once, at start. */
    public List<PushRequest> pending() {
        return leftovers;
    }

    /** Pushes accepted and not yet done (the leftovers included until they are delivered). */
    public int size() {
        return open.size();
    }

    public long recorded() {
        return recorded.sum();
    }

    public long removed() {
        return removed.sum();
    }

    /** Pushes refused because the journal could not record them. */
    public long recordFailures() {
        return recordFailures.sum();
    }

    /** Flushes and closes the file; what is still open stays in it for the next start. */
    public synchronized void close() {
        if (file != null && file.isOpen()) {
            try {
                file.force(false);
                file.close();
            } catch (IOException e) {
                LOG.warn("accept journal {}: close failed ({})", folder, e.getMessage());
            }
        }
    }

    private void append(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            file.write(bytes);
        }
    }

    private void roll() throws IOException {
        Path previous = current;
        file.close();
        openNext();
        Files.deleteIfExists(previous);
    }

    private void openNext() throws IOException {
        current = folder.resolve(FILE_PREFIX + String.format("%012d", sequence++) + FILE_SUFFIX);
        file = FileChannel.open(current, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    private List<Path> files() throws IOException {
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, FILE_PREFIX + "*" + FILE_SUFFIX)) {
            stream.forEach(paths::add);
        }
        paths.sort(Comparator.comparingLong(AcceptJournal::sequenceOf));
        return paths;
    }

    private static long sequenceOf(Path path) {
        String name = path.getFileName().toString();
        try {
            return Long.parseLong(name.substring(FILE_PREFIX.length(), name.length() - FILE_SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Replays the files: accepted minus done. A torn last line (the kill came mid-write) is skipped. */
    private static List<PushRequest> read(List<Path> paths) throws IOException {
        Map<String, PushRequest> pending = new LinkedHashMap<>();
        for (Path path : paths) {
            try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("A ")) {
                        try {
                            PushRequest request = JournalCodec.decode(line.substring(2));
                            pending.put(request.requestId(), request);
                        } catch (IllegalArgumentException e) {
                            LOG.warn("accept journal {}: skipping an unreadable entry ({})", path, e.getMessage());
                        }
                    } else if (line.startsWith("D ")) {
                        pending.remove(line.substring(2).trim());
                    }
                }
            }
        }
        List<PushRequest> oldestFirst = new ArrayList<>(pending.values());
        oldestFirst.sort(Comparator.comparingLong(PushRequest::acceptedAt));
        return oldestFirst;
    }
}
