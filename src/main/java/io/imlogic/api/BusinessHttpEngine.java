package io.imlogic.api;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * The platform-http engine bound to the business server's port.
 *
 * <p>Camel 4.17's engine finds its port by looking up the single Vert.x HTTP server in the registry; with the
 * management server (health, metrics) on its own port there are two, the look-up finds none, and the engine falls
 * back to 8080 and fails to start. The port is known from configuration, so it is simply given.
 */
public final class BusinessHttpEngine extends VertxPlatformHttpEngine {

    private final int port;

    public BusinessHttpEngine(int port) {
        this.port = port;
    }

    @Override
    public int getServerPort() {
        return port;
    }
}
