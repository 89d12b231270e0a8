package io.imlogic.ops;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.spi.ReloadStrategy;

import java.util.Map;

/**
 * Makes a failed route reload visible: DOWN in {@code /observe/health} with the file and the parser's line (the
 * {@link RouteReloadGuard} logs it, and {@code im_routes_reload_failing} counts it). Camel clears its last error on
 * the next reload attempt.
 *
 * <p>Neither liveness nor readiness: the previous routes keep serving, so a load balancer must not take the node
 * out, and a restart would not fix the file.
 */
public final class RouteReloadHealthCheck extends AbstractHealthCheck {

    private final ReloadStrategy reload;

    public RouteReloadHealthCheck(ReloadStrategy reload) {
        super("im-logic", "route-reload");
        this.reload = reload;
    }

    /** True from a failed reload until the next reload attempt succeeds. */
    public boolean failing() {
        return reload.getLastError() != null;
    }

    /** The outer message names the file; the innermost one (the YAML parser's) names line and column. */
    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = String.valueOf(error.getMessage());
        String inner = String.valueOf(root.getMessage()).replaceAll("\\s+", " ").trim();
        return root == error ? outer : outer + ": " + inner;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("reloads", reload.getReloadCounter());
        builder.detail("failed", reload.getFailedCounter());
        Exception error = reload.getLastError();
        if (error != null) {
            builder.message("last route reload failed, the previous routes still serve: " + describe(error)).down();
        } else {
            builder.up();
        }
    }
}
