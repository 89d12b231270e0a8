package io.imlogic.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imlogic.push.PushRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * Writes every reply of the push API: {@code {"code":0,"message":"accepted","data":{...}}} with 202, or
 * {@code {"code":-400,"message":"..."}} with the error's status.
 *
 * <p>Each reply first drops all exchange headers: platform-http copies them onto the response, and a form field or
 * query parameter whose name is not a legal header name would otherwise turn the reply into a 500.
 */
public final class ApiReplies {

    private static final Logger LOG = LoggerFactory.getLogger(ApiReplies.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int retryAfterSeconds;

    /** @param retryAfterSeconds what a 503 tells the client to wait before trying again */
    public ApiReplies(int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 202 for a push the pipeline has taken over; the body is the request, as the parser left it. */
    public void accepted(Exchange exchange) {
        PushRequest request = exchange.getIn().getBody(PushRequest.class);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("requestId", request.requestId());
        switch (request.target()) {
            case MIDS -> data.put("mids", request.mids().length);
            case KEYS -> data.put("keys", request.keys().size());
            case ROOM -> data.put("room", request.room());
            case ALL -> data.put("operation", request.operation());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", 0);
        body.put("message", "accepted");
        body.put("data", data);
        reply(exchange, 202, body);
    }

    /** Maps the exception caught by the route's error handler to a JSON error. */
    public void error(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (error instanceof ApiException api) {
            reply(exchange, api.status(), errorBody(-400, api.getMessage()));
            if (api.status() == 405) {
                exchange.getMessage().setHeader("Allow", "POST");
            }
        } else if (error instanceof RejectedExecutionException) {
            // the pipeline's queue is full: tell the client to come back rather than queue without bound
            reply(exchange, 503, errorBody(-500, "overloaded, retry after " + retryAfterSeconds + " s"));
            exchange.getMessage().setHeader("Retry-After", retryAfterSeconds);
        } else {
            LOG.warn("request failed unexpectedly", error);
            reply(exchange, 500, errorBody(-500, "internal error"));
        }
    }

    static Map<String, Object> errorBody(int code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
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
