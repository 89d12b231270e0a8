package io.imlogic.pipeline;

/** A push that cannot be turned into records (it cannot be encoded): retrying cannot help. */
public final class UndeliverablePushException extends RuntimeException {

    public UndeliverablePushException(String message, Throwable cause) {
        super(message, cause);
    }
}
