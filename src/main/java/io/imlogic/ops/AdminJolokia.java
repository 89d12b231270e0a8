package io.imlogic.ops;

import io.imlogic.api.ApiAuth;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.plugin.DefaultJolokiaPlatformHttpPlugin;
import org.apache.camel.component.platform.http.plugin.JolokiaPlatformHttpPlugin;
import org.apache.camel.support.service.ServiceSupport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Camel's own Jolokia agent (camel-platform-http-jolokia) for {@code /observe/jolokia} on the management port,
 * behind the admin token when {@code IM_AUTH_ADMIN_TOKEN} is set. What Jolokia may do at all (read, never write or
 * invoke) is its access policy, {@code jolokia-access.xml} on the classpath.
 *
 * <p>The management server asks its plugin registry for the plugin with id {@code jolokia}, and the registry looks
 * in the Camel registry before it falls back to the default: bound under that name, this wrapper is the one served,
 * with no moment at start-up where Jolokia answers without the token check.
 *
 * <p>The token is accepted as {@code Authorization: Bearer <token>} and, for clients that only speak Basic
 * authentication (Hawtio's connect dialog), as the password of {@code Authorization: Basic} with any user name.
 */
public final class AdminJolokia extends ServiceSupport implements JolokiaPlatformHttpPlugin {

    private static final String BEARER = "Bearer ";
    private static final String BASIC = "Basic ";

    private final ApiAuth auth;
    private final DefaultJolokiaPlatformHttpPlugin jolokia = new DefaultJolokiaPlatformHttpPlugin();
    private Handler<RoutingContext> guarded;

    /** To be bound as {@value #NAME}, where the management server looks for its Jolokia plugin. */
    public AdminJolokia(ApiAuth auth) {
        this.auth = auth;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void doStart() {
        jolokia.start();
        Handler<RoutingContext> agent = (Handler<RoutingContext>) jolokia.getHandler();
        guarded = request -> {
            if (!auth.hasAdminToken() || auth.isAdminToken(token(request.request().getHeader("Authorization")))) {
                agent.handle(request);
            } else {
                request.response().setStatusCode(401)
                        .putHeader("WWW-Authenticate", "Bearer realm=\"im-logic\", Basic realm=\"im-logic\"")
                        .putHeader("Content-Type", "application/json")
                        .end("{\"status\":401,\"error\":\"the admin token is required (Authorization: Bearer <token>,"
                                + " or as the password of Basic authentication)\"}");
            }
        };
    }

    @Override
    protected void doStop() {
        jolokia.stop();
    }

    @Override
    public Object getHandler() {
        return guarded;
    }

    @Override
    public String getId() {
        return NAME;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        jolokia.setCamelContext(camelContext);
    }

    @Override
    public CamelContext getCamelContext() {
        return jolokia.getCamelContext();
    }

    /** The token of a Bearer header, or the password of a Basic one; null otherwise. */
    static String token(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        if (authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            try {
                String userAndPassword = new String(Base64.getDecoder().decode(
                        authorization.substring(BASIC.length()).trim()), StandardCharsets.UTF_8);
                int colon = userAndPassword.indexOf(':');
                return colon < 0 ? null : userAndPassword.substring(colon + 1);
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
        return null;
    }
}
