package io.imlogic.api;

/**
 * A request the API refuses, with the HTTP status and the message the client reads.
 *
 * <p>No stack trace: these are expected on the hot path and are answered, never logged as errors.
 */
public final class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public int status() {
        return status;
    }
}
