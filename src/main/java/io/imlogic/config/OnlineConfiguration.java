package io.imlogic.config;

import io.imlogic.api.OnlineApi;
import io.imlogic.online.OnlineCounts;
import io.imlogic.redis.OnlineStore;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * The online counts the comets report (goim's room and connection counts), re-read from Redis in the background
 * ({@code routes/online-api.camel.yaml}), and the API that answers from them.
 */
public final class OnlineConfiguration implements CamelConfiguration {

    @PropertyInject("im.online.stale-after")
    GoDuration staleAfter;

    @BindToRegistry("onlineCounts")
    public OnlineCounts onlineCounts(OnlineStore store) {
        return new OnlineCounts(store, staleAfter.duration());
    }

    @BindToRegistry("onlineApi")
    public OnlineApi onlineApi(OnlineCounts counts) {
        return new OnlineApi(counts);
    }
}
