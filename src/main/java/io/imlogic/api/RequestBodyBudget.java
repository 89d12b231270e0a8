package io.imlogic.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds what the HTTP server holds of request bodies at once. Vert.x reads a body whole before the route runs, so
 * without a bound many slow or large requests could fill the heap before the pipeline's budget ever sees them. A
 * request reserves its declared length (the body limit when it declares none) before its body is read, and gives it
 * back when its reply is written; beyond the bound it gets 503 with Retry-After at once.
 */
final class RequestBodyBudget {

    private final long maxBytes;
    private final long maxBodyBytes;
    private final int retryAfterSeconds;
    private final AtomicLong inFlight = new AtomicLong();

    RequestBodyBudget(long maxBytes, long maxBodyBytes, int retryAfterSeconds) {
        this.maxBytes = maxBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    void admit(RoutingContext ctx) {
        long reserved = reservation(ctx);
        if (reserved == 0) {
            ctx.next();
            return;
        }
        long total = inFlight.addAndGet(reserved);
        if (total > maxBytes && total != reserved) {
            inFlight.addAndGet(-reserved);
            ctx.response().putHeader("Retry-After", Integer.toString(retryAfterSeconds));
            HttpErrorHandlers.end(ctx, 503, "overloaded: request bodies in flight hold " + (total - reserved)
                    + " bytes, retry after " + retryAfterSeconds + " s");
            return;
        }
        ctx.addEndHandler(done -> inFlight.addAndGet(-reserved));
        ctx.next();
    }

    private long reservation(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                return Math.min(Math.max(Long.parseLong(length.trim()), 0), maxBodyBytes);
            } catch (NumberFormatException e) {
                return maxBodyBytes;
            }
        }
        return ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) == null ? 0 : maxBodyBytes;
    }

    long inFlight() {
        return inFlight.get();
    }
}
