package io.imlogic.push;

import org.slf4j.MDC;

/**
 * A push's trace ids in the logging MDC ({@code trace_id}, {@code span_id}: the names OpenTelemetry's log
 * correlation uses) for the lines written about that push, so a log line leads to its trace. Read from the push's
 * {@code traceparent} with no OpenTelemetry call: nothing when tracing is off (the push has none).
 *
 * <p>Set and removed around the line rather than per thread: Camel moves an exchange between threads, so a value left
 * on a pool thread would label somebody else's lines.
 */
public final class TraceMdc implements AutoCloseable {

    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";

    private static final TraceMdc NONE = new TraceMdc(false);
    // version "-" trace id "-" span id "-" flags: 00-<32 hex>-<16 hex>-01
    private static final int TRACE_ID_START = 3;
    private static final int SPAN_ID_START = 36;
    private static final int FLAGS_DASH = 52;

    private final boolean set;

    private TraceMdc(boolean set) {
        this.set = set;
    }

    /** The push's trace ids in the MDC until {@link #close()}. */
    public static TraceMdc of(PushRequest push) {
        String traceparent = push.traceparent();
        if (traceparent == null || traceparent.length() < FLAGS_DASH + 3 || traceparent.charAt(2) != '-'
                || traceparent.charAt(SPAN_ID_START - 1) != '-' || traceparent.charAt(FLAGS_DASH) != '-') {
            return NONE;
        }
        MDC.put(TRACE_ID, traceparent.substring(TRACE_ID_START, SPAN_ID_START - 1));
        MDC.put(SPAN_ID, traceparent.substring(SPAN_ID_START, FLAGS_DASH));
        return new TraceMdc(true);
    }

    @Override
    public void close() {
        if (set) {
            MDC.remove(TRACE_ID);
            MDC.remove(SPAN_ID);
        }
    }
}
