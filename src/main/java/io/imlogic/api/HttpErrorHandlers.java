package io.imlogic.api;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
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

    /** Request header carrying the original content type of a form body handed over raw. */
    static final String FORM_BODY = "X-Im-Form-Body";
    /** goim's push paths, whose body is the message whatever its content type. */
    static final String GOIM_PUSH = "/goim/push/";

    private HttpErrorHandlers() {
    }

    /**
     * Installs the handlers on the business HTTP server's router, once.
     *
     * @param maxBodyBytesInFlight most bytes of request bodies the server reads at once (see {@link RequestBodyBudget})
     */
    public static void install(CamelContext context, int port, long maxBodyBytesInFlight, long maxBodyBytes,
                               int retryAfterSeconds) {
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
        RequestGate gate = new RequestGate(retryAfterSeconds);
        context.getRegistry().bind("requestGate", gate);
        router.route().order(FIRST - 2).handler(gate::admit);
        RequestBodyBudget bodies = new RequestBodyBudget(maxBodyBytesInFlight, maxBodyBytes, retryAfterSeconds);
        router.route().order(FIRST - 1).handler(bodies::admit);
        router.route().order(FIRST).handler(HttpErrorHandlers::screen);
        router.route().order(FIRST).failureHandler(HttpErrorHandlers::failure);
        router.route().last().handler(ctx -> noRoute(ctx, served));
        jsonBadRequestsOnMainRouter(router);
    }

    /**
     * A path Vert.x cannot even decode (a bad percent escape) fails in the server's main router, before the
     * sub-router where the handlers above live, and would get a plain-text 400. Camel keeps that router private
     * (no accessor in 4.17), so it is reached by reflection; if a Camel upgrade renames the field the service
     * still runs, those 400s are just plain text again.
     */
    private static void jsonBadRequestsOnMainRouter(VertxPlatformHttpRouter router) {
        try {
            Field field = VertxPlatformHttpServer.class.getDeclaredField("router");
            field.setAccessible(true);
            Router main = (Router) field.get(router.getServer());
            main.errorHandler(400, ctx -> end(ctx, 400, "the request line cannot be decoded"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot reach the HTTP server's main router ({}): undecodable paths get a plain-text 400",
                    e.toString());
        }
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

    /**
     * Runs before Vert.x's body handler. Refuses multipart (it would write file parts to disk first), and hides a
     * form body from Vert.x: its form decoder is lenient (bad UTF-8 becomes U+FFFD, a bad escape drops every field),
     * limited (8 KiB per field, 256 fields), fails with a 500 for a form sent with GET, and never answers a form
     * POST whose query string has a bad escape. The body arrives raw instead, marked with {@link #FORM_BODY}, and
     * {@link RequestReader} decodes it strictly like a query string.
     *
     * <p>On goim's push paths every body is the message, raw, as goim reads it: labelled octet-stream here, Vert.x
     * decodes none of them (form, multipart or any other) and the route gets the bytes as they came.
     */
    private static void screen(RoutingContext ctx) {
        MultiMap headers = ctx.request().headers();
        headers.remove(FORM_BODY);
        if (ctx.normalizedPath().startsWith(GOIM_PUSH)) {
            headers.set(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
            ctx.next();
            return;
        }
        String type = headers.get(HttpHeaders.CONTENT_TYPE);
        String lower = type == null ? "" : type.toLowerCase(Locale.ROOT).trim();
        if (lower.startsWith("multipart/")) {
            end(ctx, 415, "multipart bodies are not supported: send application/json, "
                    + "application/x-www-form-urlencoded, or text/plain with the fields in the query string");
            return;
        }
        if (lower.startsWith("application/x-www-form-urlencoded")) {
            headers.set(FORM_BODY, type);
            headers.set(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
        }
        ctx.next();
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

    static void end(RoutingContext ctx, int status, String message) {
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
