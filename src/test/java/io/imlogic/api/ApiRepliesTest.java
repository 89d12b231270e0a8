package io.imlogic.api;

import io.imlogic.push.PushCounters;
import io.imlogic.push.PushRequest;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import io.imlogic.journal.JournalUnavailableException;
import io.imlogic.pipeline.PipelineFullException;
import io.imlogic.session.InvalidCallException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

class ApiRepliesTest {

    private final PushCounters counters = new PushCounters();
    private final ApiReplies im = new ApiReplies(ApiReplies.Style.IM, 2, counters);
    private final ApiReplies goim = new ApiReplies(ApiReplies.Style.GOIM, 2, counters);

    @Test
    void anAcceptedPushIsCountedUnderItsTargetAndAnswered202() {
        Exchange exchange = exchangeWith(PushRequest.toKeys("id-1", 5, List.of("k"), new byte[] {'m'}));
        exchange.getIn().setHeader("odd header", "dropped");
        im.accepted(exchange);
        assertEquals(1, counters.accepted("KEYS"));
        assertEquals(202, exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertNull(exchange.getMessage().getHeader("odd header"), "request headers never reach the response");
        assertEquals("{\"code\":0,\"message\":\"accepted\",\"data\":{\"requestId\":\"id-1\",\"keys\":1}}",
                exchange.getMessage().getBody());
    }

    @Test
    void goimStyleAnswers200WithAnEmptyMessage() {
        Exchange exchange = exchangeWith(PushRequest.toAll("id-2", 5, 0, new byte[] {'m'}));
        goim.accepted(exchange);
        assertEquals(200, exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("{\"code\":0,\"message\":\"\"}", exchange.getMessage().getBody());
    }

    @Test
    void aRefusedPushIsNotCountedAndOverloadIs503WithRetryAfter() {
        Exchange exchange = exchangeWith(null);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new RejectedExecutionException("full"));
        im.error(exchange);
        assertEquals(0, counters.acceptedTotal());
        assertEquals(503, exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals(2, exchange.getMessage().getHeader("Retry-After"));
    }

    @Test
    void aSpentBudgetOrAFailingJournalIs503WithRetryAfterOnBothPathFamilies() {
        for (ApiReplies replies : List.of(im, goim)) {
            for (RuntimeException overload : List.of(new PipelineFullException("full"),
                    new JournalUnavailableException("disk full", null))) {
                Exchange exchange = exchangeWith(null);
                exchange.setProperty(Exchange.EXCEPTION_CAUGHT, overload);
                replies.error(exchange);
                assertEquals(503, exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE), overload.toString());
                assertEquals(2, exchange.getMessage().getHeader("Retry-After"));
                assertTrue(exchange.getMessage().getBody(String.class).contains("\"code\":-500"));
            }
        }
    }

    @Test
    void anUnauthorisedRequestGets401WithTheBearerChallenge() {
        Exchange exchange = exchangeWith(null);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new ApiException(401, "token"));
        im.error(exchange);
        assertEquals(401, exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("Bearer", exchange.getMessage().getHeader("WWW-Authenticate"));
    }

    @Test
    void aCometCallTheSessionRulesRefuseIs400WithItsMessage() {
        Exchange exchange = exchangeWith(null);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new InvalidCallException("server is required"));
        im.error(exchange);
        assertEquals(400, exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("{\"code\":-400,\"message\":\"server is required\"}", exchange.getMessage().getBody());
    }

    @Test
    void anUnexpectedFailureIs500WithoutItsDetailsOnBothPathFamilies() {
        for (ApiReplies replies : List.of(im, goim)) {
            Exchange exchange = exchangeWith(null);
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("secret detail"));
            replies.error(exchange);
            assertEquals(500, exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
            assertEquals("{\"code\":-500,\"message\":\"internal error\"}", exchange.getMessage().getBody());
        }
    }

    private static Exchange exchangeWith(Object body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(body);
        return exchange;
    }
}
