package io.imlogic.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes the journal's lines in groups, leader/follower style: a thread queues its line and, if no one is writing,
 * writes everything queued (its own line and those of the threads that arrived meanwhile) in one group; the others
 * only wait until their line is written. An uncontended accept writes its own line at once, with no hand-over to
 * another thread, and the journal needs no thread of its own.
 */
final class GroupCommit {

    private static final int MAX_GROUP = 4096;
    private static final long FOLLOWER_WAIT_NANOS = 100_000;

    private final LinkedTransferQueue<JournalWrite> queue = new LinkedTransferQueue<>();
    private final ReentrantLock writing = new ReentrantLock();
    private final Consumer<List<JournalWrite>> writer;

    /** @param writer writes one group; only ever called by one thread at a time */
    GroupCommit(Consumer<List<JournalWrite>> writer) {
        this.writer = writer;
    }

    /**
     * Queues the write and returns once it is written.
     *
     * @throws java.util.concurrent.CompletionException when the group it was in could not be written
     */
    void writeAndWait(JournalWrite write) {
        queue.add(write);
        awaitWritten(write.written());
    }

    /** Queues the write without waiting: written now if no one is writing, else by the group being written or the next. */
    void write(JournalWrite write) {
        queue.add(write);
        if (writing.tryLock()) {
            try {
                drain();
            } finally {
                writing.unlock();
            }
        }
    }

    /** Writes what is queued, then runs {@code last} while no one else can write. */
    void finish(Runnable last) {
        writing.lock();
        try {
            drain();
            last.run();
        } finally {
            writing.unlock();
        }
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
        List<JournalWrite> group = new ArrayList<>();
        while (queue.drainTo(group, MAX_GROUP) > 0) {
            writer.accept(group);
            group.clear();
        }
    }
}
