package io.imlogic.journal;

/**
 * The accept journal cannot record a push (disk full, folder gone, journal closed): the push is refused with 503
 * rather than promised without a record.
 *
 * <p>No stack trace: while the disk is full it is thrown for every push.
 */
public final class JournalUnavailableException extends RuntimeException {

    public JournalUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
