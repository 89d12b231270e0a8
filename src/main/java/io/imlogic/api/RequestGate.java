package io.imlogic.api;

import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The business HTTP server's door, closed when the node stops. A suspended platform-http consumer only refuses
 * requests that reach its check; one that passed it a moment earlier, or whose body was still arriving, would run
 * through routes that Camel is already stopping and get an empty 500. So the stop closes this door first (new
 * requests get a JSON 503 with Retry-After before Vert.x reads their body), waits for the requests already inside to
 * be answered, and only then lets Camel stop the routes.
 */
public final class RequestGate {

    private final int retryAfterSeconds;
    private final AtomicInteger inside = new AtomicInteger();
    private volatile boolean closed;

    RequestGate(int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    void admit(RoutingContext ctx) {
        // counted before the check: close() then either sees this request or this request sees the door closed
        inside.incrementAndGet();
        if (closed) {
            inside.decrementAndGet();
            ctx.response().putHeader("Retry-After", Integer.toString(retryAfterSeconds));
            HttpErrorHandlers.end(ctx, 503, "this node is stopping, retry on another");
            return;
        }
        ctx.addEndHandler(done -> inside.decrementAndGet());
        ctx.next();
    }

    /**
     * Refuses every request from now on and waits until those already admitted have been answered.
     *
     * @return true when none is left inside, false when the wait ran out first
     */
    public boolean closeAndAwait(Duration timeout) throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inside.get() > 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Requests admitted and not yet answered. */
    public int inside() {
        return inside.get();
    }
}
