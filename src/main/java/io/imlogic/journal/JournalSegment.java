package io.imlogic.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One file of the accept journal. It holds the accept lines of the pushes recorded while it was the active segment
 * and, appended later, the done lines of those same pushes: a segment is self-contained, so it can be deleted as
 * soon as its last push is done, whatever newer segments hold.
 *
 * <p>Only the group commit's leader touches a segment, one thread at a time: no locking of its own.
 */
final class JournalSegment {

    static final String PREFIX = "segment-";
    static final String SUFFIX = ".log";

    private final Path path;
    private final long sequence;
    private FileChannel channel;
    private long size;
    private int live;

    private JournalSegment(Path path, long sequence, FileChannel channel) throws IOException {
        this.path = path;
        this.sequence = sequence;
        this.channel = channel;
        this.size = channel.size();
    }

    /** A new, empty segment. */
    static JournalSegment create(Path folder, long sequence) throws IOException {
        Path path = folder.resolve(PREFIX + String.format("%012d", sequence) + SUFFIX);
        return new JournalSegment(path, sequence, FileChannel.open(path, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    /** A segment an earlier run left with {@code live} pushes not yet done: its done lines go on being appended. */
    static JournalSegment reopen(Path path, long sequence, int live) throws IOException {
        JournalSegment segment = new JournalSegment(path, sequence,
                FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        segment.live = live;
        return segment;
    }

    /** The sequence number in a segment's file name, or -1 for a file that is not a segment. */
    static long sequenceOf(Path path) {
        String name = path.getFileName().toString();
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Appends the lines in one gather write (a group commit). */
    void append(ByteBuffer[] lines, int count) throws IOException {
        int from = 0;
        while (from < count) {
            size += channel.write(lines, from, count - from);
            while (from < count && !lines[from].hasRemaining()) {
                from++;
            }
        }
    }

    void force() throws IOException {
        channel.force(false);
    }

    void accepted(int pushes) {
        live += pushes;
    }

    /** One of this segment's pushes is done; true when none is left. */
    boolean done() {
        return --live <= 0;
    }

    int live() {
        return live;
    }

    long size() {
        return size;
    }

    long sequence() {
        return sequence;
    }

    void close() throws IOException {
        if (channel != null && channel.isOpen()) {
            channel.close();
        }
    }

    void delete() throws IOException {
        close();
        Files.deleteIfExists(path);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
