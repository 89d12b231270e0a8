package io.imlogic.journal;

import io.imlogic.push.PushRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The durable accept journal: every push is appended to a local file before the API answers 202, and a done line is
 * appended once the pipeline has all its records acked by Kafka (or has handed it to the dead letters). Whatever a
 * node finds accepted and not done when it starts was promised by an earlier run and never delivered;
 * {@code io.imlogic.pipeline.JournalRecovery} sends it again.
 *
 * <p>A local file because the reply must never wait on a remote store, and an append to the page cache survives a
 * SIGKILL of the process (a crash of the machine only with {@code im.journal.fsync}). The files live under
 * {@code im.journal.dir/<nodeId>}: the node id must be stable across restarts, the folder on storage that outlives
 * the process.
 *
 * <p>Lines are written in groups by the threads that record them ({@link GroupCommit}) into segment files that are
 * deleted once all their pushes are done ({@link JournalSegments}).
 */
public final class AcceptJournal {

    private final Path folder;
    private final JournalSegments segments;
    private final GroupCommit commits;
    private final LongAdder recorded = new LongAdder();
    private final LongAdder removed = new LongAdder();
    private final LongAdder recordFailures = new LongAdder();
    private volatile boolean closed;

    /**
     * Opens this node's journal folder and reads what earlier runs left; segments with nothing pending are deleted.
     *
     * @param segmentBytes a segment rolls over to a new one past this size
     * @throws UncheckedIOException when the folder cannot be used: the service must not start without its journal
     */
    public AcceptJournal(Path baseFolder, String nodeId, boolean fsync, long segmentBytes) {
        this.folder = baseFolder.resolve(nodeId);
        try {
            Files.createDirectories(folder);
            this.segments = new JournalSegments(folder, fsync, segmentBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("accept journal " + folder + " cannot be used: " + e.getMessage(), e);
        }
        this.commits = new GroupCommit(segments::write);
    }

    private AcceptJournal() {
        this.folder = null;
        this.segments = null;
        this.commits = null;
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

    /** This node's journal folder, for log lines ({@code null} when disabled). */
    public String location() {
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
        if (closed) {
            throw new JournalUnavailableException("the accept journal is closed", null);
        }
        try {
            commits.writeAndWait(JournalWrite.accept(request));
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
        JournalSegment segment = segments.takeSegmentOf(requestId);
        if (segment == null) {
            return;
        }
        commits.write(JournalWrite.done(requestId, segment));
        removed.increment();
    }

    /** Waits until every line handed to the journal so far is written. */
    public void flush() {
        if (folder == null || closed) {
            return;
        }
        commits.writeAndWait(JournalWrite.flush());
    }

    /** Whether the push is recorded and not yet done. */
    public boolean contains(String requestId) {
        return requestId != null && segments != null && segments.contains(requestId);
    }

    /** What earlier runs left: accepted and never marked done; oldest accept first. Read once, at start. */
    public List<PushRequest> pending() {
        return segments == null ? List.of() : segments.leftovers();
    }

    /** Pushes accepted and not yet done (the leftovers included until they are delivered). */
    public int size() {
        return segments == null ? 0 : segments.size();
    }

    /** Bytes of the segment files on disk, as of the last group written. */
    public long diskBytes() {
        return segments == null ? 0 : segments.diskBytes();
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
        commits.finish(segments::close);
    }
}
