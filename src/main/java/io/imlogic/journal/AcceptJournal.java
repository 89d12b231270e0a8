package io.imlogic.journal;

import io.imlogic.push.PushRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.LongAdder;

/**
 * The durable accept journal: every push is appended to a local file before the API answers 202, and a done line is
 * appended once the pipeline has all its records acked by Kafka (or has handed it to the dead letters). Whatever a
 * node finds accepted and not done when it starts was promised by an earlier run and never delivered;
 * {@link JournalRecovery} sends it again.
 *
 * <p>A local file rather than Redis: the reply must never wait on Redis, and an append to the page cache survives a
 * SIGKILL of the process (a crash of the machine only with {@code im.journal.fsync}). The files live under
 * {@code im.journal.dir/<nodeId>}: the node id must be stable across restarts, the folder on storage that outlives
 * the process.
 *
 * <p>Disk stays bounded: the journal is a series of segments of at most {@code segmentBytes}; each push's done line
 * goes into the segment that holds its accept line, and a segment is deleted as soon as all its pushes are done.
 * Writes are committed in groups, leader/follower style: a thread queues its line and, if no one is writing, writes
 * everything queued (its own line and those of the threads that arrived meanwhile) in one gather write and one fsync;
 * the others only wait until their line is written. An uncontended accept writes its own line at once, with no
 * hand-over to another thread.
 */
public final class AcceptJournal {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptJournal.class);
    private static final int MAX_GROUP = 4096;
    private static final long FOLLOWER_WAIT_NANOS = 100_000;

    /** A line for the writer: an accept (with a future the recording thread waits on) or a done line. */
    private record Write(String requestId, ByteBuffer line, JournalSegment doneIn, CompletableFuture<Void> committed) {
    }

    private final Path folder;
    private final boolean fsync;
    private final long segmentBytes;
    private final List<PushRequest> leftovers;
    private final Map<String, JournalSegment> segmentOf = new ConcurrentHashMap<>();
    private final Set<JournalSegment> segments = new HashSet<>();
    private final LinkedTransferQueue<Write> queue = new LinkedTransferQueue<>();
    private final LongAdder recorded = new LongAdder();
    private final LongAdder removed = new LongAdder();
    private final LongAdder recordFailures = new LongAdder();
    private final ReentrantLock writing = new ReentrantLock();
    private volatile boolean closed;
    private volatile long diskBytes;
    private JournalSegment active;
    private long nextSequence;

    /**
     * Opens this node's journal folder and reads what earlier runs left; segments with nothing pending are deleted.
     *
     * @param segmentBytes a segment rolls over to a new one past this size
     * @throws UncheckedIOException when the folder cannot be used: the service must not start without its journal
     */
    public AcceptJournal(Path baseFolder, String nodeId, boolean fsync, long segmentBytes) {
        this.folder = baseFolder.resolve(nodeId);
        this.fsync = fsync;
        this.segmentBytes = segmentBytes;
        try {
            Files.createDirectories(folder);
            JournalFiles.Contents contents = JournalFiles.read(folder);
            leftovers = contents.pending();
            nextSequence = contents.nextSequence();
            active = JournalSegment.create(folder, nextSequence++);
            segments.add(active);
            for (JournalFiles.Leftover leftover : contents.segments()) {
                JournalSegment segment = JournalSegment.reopen(leftover.path(), leftover.sequence(),
                        leftover.pending().size());
                segments.add(segment);
                leftover.pending().forEach(id -> segmentOf.put(id, segment));
            }
            // files of the single-file journal of earlier versions: their leftovers move into the first segment
            for (PushRequest request : contents.unsegmented()) {
                ByteBuffer line = acceptLine(request);
                active.append(new ByteBuffer[] {line}, 1);
                active.accepted(1);
                segmentOf.put(request.requestId(), active);
            }
            active.force();
            JournalFiles.deleteUnsegmented(folder);
            diskBytes = segments.stream().mapToLong(JournalSegment::size).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("accept journal " + folder + " cannot be used: " + e.getMessage(), e);
        }
    }

    private AcceptJournal() {
        this.folder = null;
        this.fsync = false;
        this.segmentBytes = 0;
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
     * Appends the push and returns once its group is in the operating system's hands (on disk, with fsync). Called on
     * the HTTP thread after validation and admission, before the hand-over to the pipeline.
     *
     * @throws JournalUnavailableException when the file cannot take it: the push must be refused, not promised
     */
    public void record(PushRequest request) {
        if (folder == null) {
            return;
        }
        CompletableFuture<Void> committed = new CompletableFuture<>();
        if (closed) {
            throw new JournalUnavailableException("the accept journal is closed", null);
        }
        queue.add(new Write(request.requestId(), acceptLine(request), null, committed));
        try {
            awaitWritten(committed);
        } catch (CompletionException e) {
            recordFailures.increment();
            throw new JournalUnavailableException("the accept journal cannot be written: " + e.getCause().getMessage(),
                    e.getCause());
        }
        recorded.increment();
    }

    /** Marks a push done. A done line lost to a crash only means the push is sent again (at least once). */
    public void remove(String requestId) {
        if (folder == null || requestId == null) {
            return;
        }
        JournalSegment segment = segmentOf.remove(requestId);
        if (segment == null) {
            return;
        }
        queue.add(new Write(requestId, ByteBuffer.wrap(("D " + requestId + "\n").getBytes(StandardCharsets.UTF_8)),
                segment, null));
        removed.increment();
        // written now if no one is writing, else by the group being written or the next one
        if (writing.tryLock()) {
            try {
                drain();
            } finally {
                writing.unlock();
            }
        }
    }

    /** Waits until every line handed to the journal so far is written. */
    public void flush() {
        if (folder == null || closed) {
            return;
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        queue.add(new Write(null, null, null, written));
        awaitWritten(written);
    }

    /** Whether the push is recorded and not yet done. */
    public boolean contains(String requestId) {
        return requestId != null && segmentOf.containsKey(requestId);
    }

    /** What earlier runs left: accepted and never marked done; oldest accept first. Read once, at start. */
    public List<PushRequest> pending() {
        return leftovers;
    }

    /** Pushes accepted and not yet done (the leftovers included until they are delivered). */
    public int size() {
        return segmentOf.size();
    }

    /** Bytes of the segment files on disk, as of the last group written. */
    public long diskBytes() {
        return diskBytes;
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

    /** Writes what is queued, flushes and closes the files; what is not done stays in them for the next start. */
    public void close() {
        if (folder == null || closed) {
            return;
        }
        closed = true;
        writing.lock();
        try {
            drain();
            for (JournalSegment segment : segments) {
                try {
                    segment.force();
                    segment.close();
                } catch (IOException e) {
                    LOG.warn("accept journal {}: closing {} failed ({})", folder, segment, e.getMessage());
                }
            }
        } finally {
            writing.unlock();
        }
    }

    private static ByteBuffer acceptLine(PushRequest request) {
        return ByteBuffer.wrap(("A " + JournalCodec.encode(request) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Leads a group when no one is writing, else waits for the writer; a line queued just after a leader's last
     * drain is picked up by its own thread's next turn.
     */
    private void awaitWritten(CompletableFuture<Void> written) {
        while (!written.isDone()) {
            if (writing.tryLock()) {
                try {
                    drain();
                } finally {
                    writing.unlock();
                }
            } else {
                try {
                    written.get(FOLLOWER_WAIT_NANOS, TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // not yet written (try to lead), or failed (join below rethrows)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new JournalUnavailableException("interrupted while writing the accept journal", e);
                }
            }
        }
        written.join();
    }

    /** Writes groups until nothing is queued; only with {@link #writing} held. */
    private void drain() {
        List<Write> group = new ArrayList<>();
        while (queue.drainTo(group, MAX_GROUP) > 0) {
            commit(group);
            group.clear();
        }
    }

    private void commit(List<Write> group) {
        List<Write> accepts = new ArrayList<>(group.size());
        Map<JournalSegment, List<Write>> dones = new LinkedHashMap<>();
        List<Write> flushes = new ArrayList<>();
        for (Write write : group) {
            if (write.requestId() == null) {
                flushes.add(write);
            } else if (write.committed() != null) {
                accepts.add(write);
            } else {
                dones.computeIfAbsent(write.doneIn(), s -> new ArrayList<>()).add(write);
            }
        }
        writeAccepts(accepts);
        writeDones(dones);
        diskBytes = segments.stream().mapToLong(JournalSegment::size).sum();
        flushes.forEach(flush -> flush.committed().complete(null));
    }

    private void writeAccepts(List<Write> accepts) {
        int from = 0;
        try {
            while (from < accepts.size()) {
                if (active.size() >= segmentBytes) {
                    roll();
                }
                // as many lines as fit the active segment (at least one: a segment holds any single push)
                int to = from;
                long bytes = active.size();
                ByteBuffer[] lines = new ByteBuffer[accepts.size() - from];
                do {
                    bytes += accepts.get(to).line().remaining();
                    lines[to - from] = accepts.get(to).line();
                    to++;
                } while (to < accepts.size() && bytes + accepts.get(to).line().remaining() <= segmentBytes);
                active.append(lines, to - from);
                if (fsync) {
                    active.force();
                }
                active.accepted(to - from);
                for (int i = from; i < to; i++) {
                    segmentOf.put(accepts.get(i).requestId(), active);
                    accepts.get(i).committed().complete(null);
                }
                from = to;
            }
        } catch (IOException | RuntimeException e) {
            for (int i = from; i < accepts.size(); i++) {
                accepts.get(i).committed().completeExceptionally(e);
            }
        }
    }

    private void writeDones(Map<JournalSegment, List<Write>> dones) {
        dones.forEach((segment, writes) -> {
            boolean empty = false;
            for (int i = 0; i < writes.size(); i++) {
                empty = segment.done();
            }
            try {
                if (empty && segment != active) {
                    segments.remove(segment);
                    segment.delete();
                    return;
                }
                segment.append(writes.stream().map(Write::line).toArray(ByteBuffer[]::new), writes.size());
            } catch (IOException e) {
                LOG.warn("accept journal {}: cannot mark {} push(es) done in {} ({}); they will be sent again at "
                        + "restart", folder, writes.size(), segment, e.getMessage());
            }
        });
    }

    private void roll() throws IOException {
        JournalSegment previous = active;
        active = JournalSegment.create(folder, nextSequence++);
        segments.add(active);
        if (previous.live() <= 0) {
            segments.remove(previous);
            previous.delete();
        }
    }
}
