package io.imlogic.pipeline;

import org.apache.camel.Message;

import java.util.List;

/**
 * What the delivery of a batch tells tracing (io.imlogic.ops.DeliverySpans is the OpenTelemetry side). A batch
 * delivers many pushes, each accepted in its own trace, so its span cannot be a child of them: it is linked to them.
 * {@link #OFF} when tracing is off: nothing is allocated or looked up per batch.
 */
public interface DeliveryTracing {

    DeliveryTracing OFF = pushes -> Batch.OFF;

    /** The delivery of these pushes begins (its first attempt). */
    Batch begin(List<BatchedPush> pushes);

    /** The trace of one batch's delivery, across its retries. */
    interface Batch {

        Batch OFF = new Batch() {
        };

        /** A Redis round trip of the lookup begins; the step ends when it is answered or fails. */
        default Step redisLookup(int mids, int keys) {
            return Step.NONE;
        }

        /**
         * Makes the coming Kafka send a child of the delivery: Camel's span of the {@code kafka:} step takes its
         * parent from the batch message's {@code traceparent} header (the batch exchange has no Camel span of its
         * own), and replaces that header with its own, so this is called before every attempt.
         */
        default void parentOfSend(Message batch) {
        }

        /** An attempt failed; {@code retried}: the error handler tries again. */
        default void attemptFailed(Throwable failure, boolean retried) {
        }

        /** The batch is settled: the delivery span ends. */
        default void settled(int delivered, int deadLettered, int left) {
        }
    }

    /** A timed step of the delivery. */
    interface Step {

        Step NONE = failure -> { };

        /** @param failure null when the step succeeded */
        void end(Throwable failure);
    }
}
