package io.imlogic.journal;

import io.imlogic.push.PushRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The segment files of one journal folder and which push is in which. Disk stays bounded: accept lines go into the
 * active segment, which rolls over to a new one past {@code segmentBytes}; each push's done line goes into the
 * segment that holds its accept line, and a segment is deleted as soon as all its pushes are done.
 *
 * <p>Only the group commit's leader writes ({@link #write}); which segment holds a push is also read, and taken for its
 * done line, by any thread.
 */
final class JournalSegments {

    private static final Logger LOG = LoggerFactory.getLogger(JournalSegments.class);

    private final Path folder;
    private final boolean fsync;
    private final long segmentBytes;
    private final List<PushRequest> leftovers;
    private final Map<String, JournalSegment> segmentOf = new ConcurrentHashMap<>();
    private final Set<JournalSegment> segments = new HashSet<>();
    private volatile long diskBytes;
    private JournalSegment active;
    private long nextSequence;

    /**
     * Opens the folder and reads what earlier runs left: segments with pushes not done stay (their done lines go on
     * being appended), the others are deleted, and a new segment becomes the active one.
     */
    JournalSegments(Path folder, boolean fsync, long segmentBytes) throws IOException {
        this.folder = folder;
        this.fsync = fsync;
        this.segmentBytes = segmentBytes;
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
            active.append(new ByteBuffer[] {JournalCodec.acceptLine(request)}, 1);
            active.accepted(1);
            segmentOf.put(request.requestId(), active);
        }
        active.force();
        JournalFiles.deleteUnsegmented(folder);
        diskBytes = segments.stream().mapToLong(JournalSegment::size).sum();
    }

    /** Accepted by earlier runs and never done, oldest accept first. */
    List<PushRequest> leftovers() {
        return leftovers;
    }

    /** The segment holding the push's accept line, which its done line goes into; null when not recorded or done. */
    JournalSegment takeSegmentOf(String requestId) {
        return segmentOf.remove(requestId);
    }

    boolean contains(String requestId) {
        return segmentOf.containsKey(requestId);
    }

    /** Pushes recorded and not done. */
    int size() {
        return segmentOf.size();
    }

    /** Bytes of the segment files, as of the last group written. */
    long diskBytes() {
        return diskBytes;
    }

    /** Writes one group: its accept lines, then its done lines, then completes its flushes. */
    void write(List<JournalWrite> group) {
        List<JournalWrite> accepts = new ArrayList<>(group.size());
        Map<JournalSegment, List<JournalWrite>> dones = new LinkedHashMap<>();
        List<JournalWrite> flushes = new ArrayList<>();
        for (JournalWrite write : group) {
            if (write.isFlush()) {
                flushes.add(write);
            } else if (write.isAccept()) {
                accepts.add(write);
            } else {
                dones.computeIfAbsent(write.doneIn(), s -> new ArrayList<>()).add(write);
            }
        }
        writeAccepts(accepts);
        writeDones(dones);
        diskBytes = segments.stream().mapToLong(JournalSegment::size).sum();
        flushes.forEach(flush -> flush.written().complete(null));
    }

    /** Flushes and closes the files; only once nothing writes any more. */
    void close() {
        for (JournalSegment segment : segments) {
            try {
                segment.force();
                segment.close();
            } catch (IOException e) {
                LOG.warn("accept journal {}: closing {} failed ({})", folder, segment, e.getMessage());
            }
        }
    }

    private void writeAccepts(List<JournalWrite> accepts) {
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
                    accepts.get(i).written().complete(null);
                }
                from = to;
            }
        } catch (IOException | RuntimeException e) {
            for (int i = from; i < accepts.size(); i++) {
                accepts.get(i).written().completeExceptionally(e);
            }
        }
    }

    private void writeDones(Map<JournalSegment, List<JournalWrite>> dones) {
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
                segment.append(writes.stream().map(JournalWrite::line).toArray(ByteBuffer[]::new), writes.size());
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
