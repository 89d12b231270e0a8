package io.imlogic.push;

import org.slf4j.MDC;

/**
 * A push's ids in the logging MDC for the lines written about that push: {@code requestId} (the id its client got),
 * and with tracing on its trace ids ({@code trace_id}, {@code span_id}: the names OpenTelemetry's log correlation
 * uses), so a log line leads to its trace. Read from the push's {@code traceparent} with no OpenTelemetry call.
 *
 * <p>Set and removed around the line rather than per thread: Camel moves an exchange between threads, so a value left
 * on a pool thread would label somebody else's lines.
 */
public final class PushMdc implements AutoCloseable {

    public static final String REQUEST_ID = "requestId";
    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";

    // version "-" trace id "-" span id "-" flags: 00-<32 hex>-<16 hex>-01
    private static final int TRACE_ID_START = 3;
    private static final int SPAN_ID_START = 36;
    private static final int FLAGS_DASH = 52;

    private final boolean traced;

    private PushMdc(boolean traced) {
        this.traced = traced;
    }

    /** The push's ids in the MDC until {@link #close()}. */
    public static PushMdc of(PushRequest push) {
        MDC.put(REQUEST_ID, push.requestId());
        String traceparent = push.traceparent();
        if (traceparent == null || traceparent.length() < FLAGS_DASH + 3 || traceparent.charAt(2) != '-'
                || traceparent.charAt(SPAN_ID_START - 1) != '-' || traceparent.charAt(FLAGS_DASH) != '-') {
            return new PushMdc(false);
        }
        MDC.put(TRACE_ID, traceparent.substring(TRACE_ID_START, SPAN_ID_START - 1));
        MDC.put(SPAN_ID, traceparent.substring(SPAN_ID_START, FLAGS_DASH));
        return new PushMdc(true);
    }

    @Override
    public void close() {
        MDC.remove(REQUEST_ID);
        if (traced) {
            MDC.remove(TRACE_ID);
            MDC.remove(SPAN_ID);
        }
    }
}
