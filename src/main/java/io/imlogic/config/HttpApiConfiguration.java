package io.imlogic.config;

import io.imlogic.api.AdminApi;
import io.imlogic.api.ApiAuth;
import io.imlogic.api.ApiDoc;
import io.imlogic.api.ApiReplies;
import io.imlogic.api.BusinessHttpEngine;
import io.imlogic.api.PushRequestParser;
import io.imlogic.api.RequestLimits;
import io.imlogic.ops.Tracing;
import io.imlogic.redis.DeadLetters;
import io.imlogic.push.PushCounters;
import io.vertx.core.VertxOptions;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.platform.http.PlatformHttpComponent;

/**
 * The HTTP API's beans: its tokens, the parsers and replies of the push paths in both conventions ({@code /im}
 * and goim's {@code /goim}), the admin API and the API description; and the Vert.x server under it
 * ({@code camel.server.*} in the configuration file has the rest).
 */
public final class HttpApiConfiguration implements CamelConfiguration {

    @PropertyInject("{{im.auth.push-token:}}")
    String pushToken;
    @PropertyInject("{{im.auth.session-token:}}")
    String sessionToken;
    @PropertyInject("{{im.auth.admin-token:}}")
    String adminToken;
    @PropertyInject("im.max-ids")
    @AtLeast(1)
    int maxIds;
    @PropertyInject("im.max-msg-bytes")
    @AtLeast(1)
    int maxMsgBytes;
    @PropertyInject("im.api.retry-after-seconds")
    @AtLeast(1)
    int retryAfterSeconds;
    @PropertyInject("im.http.worker-threads")
    @AtLeast(1)
    int workerThreads;
    @PropertyInject("im.http.port")
    int httpPort;

    @BindToRegistry("apiAuth")
    public ApiAuth apiAuth() {
        return new ApiAuth(pushToken, sessionToken, adminToken);
    }

    /** /im: JSON, form, or query and text body. */
    @BindToRegistry("pushRequestParser")
    public PushRequestParser pushRequestParser(CamelContext context) {
        return new PushRequestParser(limits(), PushRequestParser.Style.IM, Tracing.of(context).enabled());
    }

    /** /goim: the query, and the raw body as the message. */
    @BindToRegistry("goimPushParser")
    public PushRequestParser goimPushParser(CamelContext context) {
        return new PushRequestParser(limits(), PushRequestParser.Style.GOIM, Tracing.of(context).enabled());
    }

    private RequestLimits limits() {
        return new RequestLimits(maxIds, maxMsgBytes);
    }

    @BindToRegistry("apiReplies")
    public ApiReplies apiReplies(PushCounters counters) {
        return new ApiReplies(ApiReplies.Style.IM, retryAfterSeconds, counters);
    }

    @BindToRegistry("goimReplies")
    public ApiReplies goimReplies(PushCounters counters) {
        return new ApiReplies(ApiReplies.Style.GOIM, retryAfterSeconds, counters);
    }

    @BindToRegistry("adminApi")
    public AdminApi adminApi(DeadLetters deadLetters) {
        return new AdminApi(deadLetters);
    }

    @BindToRegistry("apiDoc")
    public ApiDoc apiDoc() {
        return new ApiDoc();
    }

    /** The routes run on Vert.x worker threads: validation only, they never wait on Redis or Kafka. */
    @BindToRegistry("vertxOptions")
    public VertxOptions vertxOptions() {
        return new VertxOptions().setWorkerPoolSize(workerThreads);
    }

    @Override
    public void configure(CamelContext context) {
        context.getComponent("platform-http", PlatformHttpComponent.class).setEngine(new BusinessHttpEngine(httpPort));
    }
}
