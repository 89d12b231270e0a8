package io.imlogic.pipeline;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

import java.util.concurrent.CompletionException;

/**
 * Which failures a retry can cure. Everything the infrastructure does (Redis or Kafka unreachable, timeouts, a
 * broker without a leader, an authorisation an operator will fix) is waited out; only a push that can never
 * succeed is given up on and kept as a dead letter.
 */
final class Failures {

    private Failures() {
    }

    /** True for failures of the push itself: its record is too large or invalid, or it cannot be encoded. */
    static boolean permanent(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof RecordTooLargeException
                || cause instanceof RecordBatchTooLargeException
                || cause instanceof InvalidRecordException
                || cause instanceof SerializationException
                || cause instanceof UndeliverablePushException;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    static String describe(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
