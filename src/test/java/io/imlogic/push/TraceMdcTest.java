package io.imlogic.push;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A push's trace ids are in the MDC for its own log lines only, and only when it has a well-formed traceparent. */
class TraceMdcTest {

    private static final PushRequest PUSH = PushRequest.toAll("r", 1, 0, new byte[] {'m'});

    @Test
    void aTracedPushLabelsItsLinesAndLeavesNothingBehind() {
        try (TraceMdc ignored = TraceMdc.of(PUSH.tracedBy("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))) {
            assertEquals("0af7651916cd43dd8448eb211c80319c", MDC.get(TraceMdc.TRACE_ID));
            assertEquals("b7ad6b7169203331", MDC.get(TraceMdc.SPAN_ID));
        }
        assertNull(MDC.get(TraceMdc.TRACE_ID));
        assertNull(MDC.get(TraceMdc.SPAN_ID));
    }

    @Test
    void anUntracedOrMalformedPushSetsNothing() {
        for (String traceparent : new String[] {null, "", "garbage", "00-0af7651916cd43dd-b7ad6b7169203331-01"}) {
            try (TraceMdc ignored = TraceMdc.of(PUSH.tracedBy(traceparent))) {
                assertNull(MDC.get(TraceMdc.TRACE_ID), traceparent);
            }
        }
    }
}
