package io.imlogic.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes the errors Vert.x answers before any Camel route runs speak the API's JSON too: 413 from the body limit,
 * 404 for unknown paths, and any failure of the HTTP layer itself, which Vert.x would answer with an HTML or empty
 * body.
 *
 * <p>Also refuses multipart bodies up front: Vert.x's body handler would otherwise write their file parts to disk
 * before the route could say no.
 */
public final class HttpErrorHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrorHandlers.class);
    private static final int FIRST = -1_000;

    private HttpErrorHandlers() {
    }

    /** Installs the handlers on the business HTTP server's router, once. */
    public static void install(CamelContext context, int port) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            throw new IllegalStateException("no platform-http router on port " + port);
        }
        Set<String> served = ConcurrentHashMap.newKeySet();
        context.getRoutes().forEach(route -> rememberPath(route, served));
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                rememberPath(((CamelEvent.RouteAddedEvent) event).getRoute(), served);
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.RouteAddedEvent;
            }
        });
        router.route().order(FIRST).handler(HttpErrorHandlers::refuseMultipart);
        router.route().order(FIRST).failureHandler(HttpErrorHandlers::failure);
        router.route().last().handler(ctx -> noRoute(ctx, served));
    }

    /**
     * No route matched. For a path the service serves, its route is being reloaded (a fraction of a second): 503 with
     * Retry-After tells the client to come straight back, where Vert.x would say 404 and the client would give up.
     */
    private static void noRoute(RoutingContext ctx, Set<String> served) {
        if (served.contains(ctx.request().path())) {
            ctx.response().putHeader("Retry-After", "1");
            end(ctx, 503, "this route is being reloaded, retry");
        } else {
            end(ctx, 404, "no such path: " + ctx.request().path());
        }
    }

    private static void rememberPath(Route route, Set<String> served) {
        if (route.getEndpoint() instanceof PlatformHttpEndpoint http) {
            served.add(http.getPath());
        }
    }

    private static void refuseMultipart(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            end(ctx, 415, "multipart bodies are not supported: send application/json, "
                    + "application/x-www-form-urlencoded, or text/plain with the fields in the query string");
        } else {
            ctx.next();
        }
    }

    private static void failure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status == 413) {
            end(ctx, 413, "body is larger than the limit (IM_MAX_BODY_BYTES)");
        } else if (status >= 400 && status < 500) {
            end(ctx, status, "bad request");
        } else {
            LOG.warn("HTTP layer failed on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
            end(ctx, 500, "internal error");
        }
    }

    private static void end(RoutingContext ctx, int status, String message) {
        if (ctx.response().headWritten()) {
            ctx.response().end();
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(ApiReplies.json(ApiReplies.body(status >= 500 ? -500 : -400, message, null)));
    }
}
