package io.imlogic.pipeline;

/**
 * The pipeline holds as many pushes, or as many bytes of them, as its budget allows: the API answers 503 with
 * Retry-After instead of queueing without bound.
 *
 * <p>No stack trace: under overload it is thrown for every refused push.
 */
public final class PipelineFullException extends RuntimeException {

    public PipelineFullException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
