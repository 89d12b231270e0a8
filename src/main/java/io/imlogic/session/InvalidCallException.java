package io.imlogic.session;

/**
 * A comet call carrying a value no comet should send (an empty server id, an oversized key, a negative room count).
 * The session rules know nothing of the protocol the call came in: the HTTP session API answers it 400, the gRPC
 * service INVALID_ARGUMENT.
 *
 * <p>No stack trace: it is an answer, never logged as an error.
 */
public final class InvalidCallException extends RuntimeException {

    public InvalidCallException(String message) {
        super(message, null, false, false);
    }
}
