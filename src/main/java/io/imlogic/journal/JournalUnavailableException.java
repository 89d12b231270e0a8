package io.imlogic.journal;

import java.util.concurrent.RejectedExecutionException;

/**
 * The accept journal could not record a push, so the API must not promise it: answered like a full pipeline queue
 * (a RejectedExecutionException, which the API's error handler turns into 503 + Retry-After on {@code /im} and
 * goim's {@code code -500} on {@code /goim}).
 *
 * <p>No stack trace: while Redis is down it is thrown for every push.
 */
public final class JournalUnavailableException extends RejectedExecutionException {

    public JournalUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
