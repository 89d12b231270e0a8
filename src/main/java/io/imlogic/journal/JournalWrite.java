package io.imlogic.journal;

import io.imlogic.push.PushRequest;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One line handed to the journal's group commit: a push's accept line (its recording thread waits on
 * {@code written}), a done line (nobody waits: it goes into the segment that holds the push's accept line), or a
 * flush, which writes nothing and is complete once everything queued before it is written.
 */
record JournalWrite(String requestId, ByteBuffer line, JournalSegment doneIn, CompletableFuture<Void> written) {

    static JournalWrite accept(PushRequest request) {
        return new JournalWrite(request.requestId(), JournalCodec.acceptLine(request), null,
                new CompletableFuture<>());
    }

    static JournalWrite done(String requestId, JournalSegment segment) {
        return new JournalWrite(requestId, JournalCodec.doneLine(requestId), segment, null);
    }

    static JournalWrite flush() {
        return new JournalWrite(null, null, null, new CompletableFuture<>());
    }

    boolean isFlush() {
        return line == null;
    }

    boolean isAccept() {
        return line != null && doneIn == null;
    }
}
