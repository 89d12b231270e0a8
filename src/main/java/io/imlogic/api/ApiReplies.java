package io.imlogic.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imlogic.journal.JournalUnavailableException;
import io.imlogic.pipeline.PipelineFullException;
import io.imlogic.push.PushCounters;
import io.imlogic.push.PushRequest;
import io.imlogic.session.InvalidCallException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * Writes every reply of the HTTP API, in one of two conventions:
 * <ul>
 *   <li>{@link Style#IM} ({@code /im/...}): the HTTP status says what happened — 202 for an accepted push with
 *       {@code {"code":0,"message":"accepted","data":{...}}}, 4xx/5xx with {@code {"code":-400|-500,"message":..}};</li>
 *   <li>{@link Style#GOIM} ({@code /goim/...}): goim's own, so its clients work unchanged — HTTP 200 with
 *       {@code {"code":0,"message":""}} for an accepted push or a query's answer.</li>
 * </ul>
 * Errors have the first convention on both path families ({@link #error}): on {@code /goim} a 4xx is what goim's web
 * framework also answers before its handler (bad or missing parameters, method, size, content type).
 *
 * <p>Each reply first drops all exchange headers: platform-http copies them onto the response, and a form field or
 * query parameter whose name is not a legal header name would otherwise turn the reply into a 500.
 */
public final class ApiReplies {

    /** The two reply conventions. */
    public enum Style { IM, GOIM }

    private static final Logger LOG = LoggerFactory.getLogger(ApiReplies.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Style style;
    private final int retryAfterSeconds;
    private final PushCounters counters;

    /** @param retryAfterSeconds what an overload reply tells the client to wait before trying again */
    public ApiReplies(Style style, int retryAfterSeconds, PushCounters counters) {
        this.style = style;
        this.retryAfterSeconds = retryAfterSeconds;
        this.counters = counters;
    }

    /**
     * A push the pipeline has taken over; the body is the request, as the parser left it. Counted here, after the
     * wireTap took it, so a push refused with 503 is never counted as accepted.
     */
    public void accepted(Exchange exchange) {
        PushRequest request = exchange.getIn().getBody(PushRequest.class);
        counters.accepted(request.target());
        if (style == Style.GOIM) {
            reply(exchange, 200, body(0, "", null));
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("requestId", request.requestId());
        switch (request.target()) {
            case MIDS -> data.put("mids", request.mids().length);
            case KEYS -> data.put("keys", request.keys().size());
            case ROOM -> data.put("room", request.room());
            case ALL -> data.put("operation", request.operation());
        }
        reply(exchange, 202, body(0, "accepted", data));
    }

    /** A query's answer: the body becomes {@code data}. */
    public void data(Exchange exchange) {
        reply(exchange, 200, body(0, style == Style.GOIM ? "" : "ok", exchange.getIn().getBody()));
    }

    /** A session call's answer: the body is the reply object itself, as goim's comet expects it. */
    public void plain(Exchange exchange) {
        Message out = exchange.getMessage();
        Object body = out.getBody();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(json(body));
    }

    /**
     * Maps the exception caught by the route's error handler to a JSON error. The api-errors route configuration
     * calls the {@code /im} instance for every route, so an error has one convention on both path families: its HTTP
     * status says what happened.
     */
    public void error(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (error instanceof ApiException api) {
            reply(exchange, api.status(), body(-400, api.getMessage(), null));
            if (api.status() == 405) {
                exchange.getMessage().setHeader("Allow",
                        exchange.getProperty(RequestReader.ALLOWED_METHOD, "POST", String.class));
            } else if (api.status() == 401) {
                exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
            }
        } else if (error instanceof InvalidCallException invalid) {
            reply(exchange, 400, body(-400, invalid.getMessage(), null));
        } else if (error instanceof JournalUnavailableException) {
            // a push that cannot be recorded must not be promised: the client sends it again, here or elsewhere
            unavailable(exchange, "cannot record pushes now");
        } else if (error instanceof PipelineFullException || error instanceof RejectedExecutionException) {
            // the pipeline's budget is spent, or its pool takes no more work (the node is stopping)
            unavailable(exchange, "overloaded");
        } else {
            LOG.warn("request failed unexpectedly", error);
            reply(exchange, 500, body(-500, "internal error", null));
        }
    }

    /** 503 on /goim too: goim has no such answer, and a load balancer must see this one as a failure. */
    private void unavailable(Exchange exchange, String why) {
        reply(exchange, 503, body(-500, why + ", retry after " + retryAfterSeconds + " s", null));
        exchange.getMessage().setHeader("Retry-After", retryAfterSeconds);
    }

    static Map<String, Object> body(int code, String message, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        if (data != null) {
            body.put("data", data);
        }
        return body;
    }

    static void reply(Exchange exchange, int status, Map<String, Object> body) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(json(body));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reply not serialisable", e);
        }
    }
}
