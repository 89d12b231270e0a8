package io.imlogic.push;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A push's ids are in the MDC for its own log lines only; its trace ids only when it has a well-formed traceparent. */
class PushMdcTest {

    private static final PushRequest PUSH = PushRequest.toAll("r", 1, 0, new byte[] {'m'});

    @Test
    void aTracedPushLabelsItsLinesAndLeavesNothingBehind() {
        try (PushMdc ignored = PushMdc.of(PUSH.tracedBy("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))) {
            assertEquals("0af7651916cd43dd8448eb211c80319c", MDC.get(PushMdc.TRACE_ID));
            assertEquals("b7ad6b7169203331", MDC.get(PushMdc.SPAN_ID));
            assertEquals("r", MDC.get(PushMdc.REQUEST_ID));
        }
        assertNull(MDC.get(PushMdc.REQUEST_ID));
        assertNull(MDC.get(PushMdc.TRACE_ID));
        assertNull(MDC.get(PushMdc.SPAN_ID));
    }

    @Test
    void anUntracedOrMalformedPushHasItsRequestIdOnly() {
        for (String traceparent : new String[] {null, "", "garbage", "00-0af7651916cd43dd-b7ad6b7169203331-01"}) {
            try (PushMdc ignored = PushMdc.of(PUSH.tracedBy(traceparent))) {
                assertNull(MDC.get(PushMdc.TRACE_ID), traceparent);
                assertEquals("r", MDC.get(PushMdc.REQUEST_ID));
            }
        }
    }
}
