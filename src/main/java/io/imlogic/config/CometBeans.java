package io.imlogic.config;

import io.imlogic.api.ApiAuth;
import io.imlogic.api.NodesApi;
import io.imlogic.api.OnlineApi;
import io.imlogic.api.SessionApi;
import io.imlogic.discovery.DiscoveryRegistration;
import io.imlogic.grpc.CometGrpc;
import io.imlogic.grpc.GrpcPeer;
import io.imlogic.grpc.GrpcSessionAuth;
import io.imlogic.grpc.GrpcStatusMapping;
import io.imlogic.nodes.NodeList;
import io.imlogic.nodes.NodeSettings;
import io.imlogic.online.OnlineCounts;
import io.imlogic.online.OnlineStore;
import io.imlogic.session.CometSessions;
import io.imlogic.session.SessionStore;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.redisson.api.RedissonClient;

import java.time.Duration;

/**
 * The beans of the comet side: the session calls (gRPC and HTTP, one implementation), the online counts, the node
 * list, and the registration with goim's discovery.
 */
final class CometBeans {

    /** Registry names the routes and {@link io.imlogic.ImLogic} use. */
    static final String DISCOVERY = "discoveryRegistration";

    private CometBeans() {
    }

    static void bind(CamelContext context, Settings settings, RedissonClient redis, ApiAuth auth) throws Exception {
        Registry registry = context.getRegistry();
        Duration sessionExpiry = Duration.ofSeconds(settings.seconds("im.session.expire"));
        int redisTimeout = settings.positive("im.redis.timeout-ms");
        OnlineStore onlineStore = new OnlineStore(redis, sessionExpiry, redisTimeout);
        OnlineCounts onlineCounts = new OnlineCounts(onlineStore,
                Duration.ofSeconds(settings.seconds("im.online.stale-after")));
        registry.bind("onlineCounts", onlineCounts);
        registry.bind("onlineApi", new OnlineApi(onlineCounts));

        long heartbeat = settings.seconds("im.session.heartbeat");
        int heartbeatMax = settings.positive("im.session.heartbeat-max");
        CometSessions sessions = new CometSessions(new SessionStore(redis, sessionExpiry, redisTimeout), onlineStore,
                onlineCounts, Duration.ofSeconds(heartbeat * heartbeatMax));
        registry.bind("cometSessions", sessions);
        registry.bind("sessionApi", new SessionApi(sessions));

        NodeList nodes = new NodeList(nodeSettings(settings, (int) heartbeat, heartbeatMax), onlineCounts::liveServers);
        registry.bind("nodesApi", new NodesApi(nodes));
        registry.bind("cometGrpc", new CometGrpc(sessions, nodes));
        // camel-grpc puts every ServerInterceptor of the registry in front of the service
        registry.bind("grpcStatusMapping", new GrpcStatusMapping());
        registry.bind("grpcSessionAuth", new GrpcSessionAuth(auth));
        registry.bind("grpcPeer", new GrpcPeer());

        String discoveryNodes = settings.text("im.discovery.nodes", "");
        DiscoveryRegistration discovery = new DiscoveryRegistration(discoveryNodes, discoveryNodes.isBlank() ? null
                : DiscoveryRegistration.Instance.of(settings.text("im.discovery.zone"),
                        settings.text("im.discovery.env"), settings.text("im.discovery.hostname", ""),
                        settings.text("im.discovery.address", ""), settings.integer("im.grpc.port"),
                        settings.positive("im.discovery.weight")));
        registry.bind(DISCOVERY, discovery);
        // a stop that does not go through ImLogic.close() still takes this node out of discovery
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                discovery.cancel();
            }
        }, true, true);
    }

    /** Once Camel has started: the first registration. */
    static void started(CamelContext context) {
        context.getRegistry().lookupByNameAndType(DISCOVERY, DiscoveryRegistration.class).renew();
    }

    private static NodeSettings nodeSettings(Settings settings, int heartbeatSeconds, int heartbeatMax) {
        try {
            return new NodeSettings(settings.text("im.comet.domain"), settings.text("im.comet.host-domain", ""),
                    settings.positive("im.comet.tcp-port"), settings.positive("im.comet.ws-port"),
                    settings.positive("im.comet.wss-port"), heartbeatSeconds, heartbeatMax,
                    new NodeSettings.Backoff(settings.positive("im.comet.backoff-max-delay"),
                            settings.positive("im.comet.backoff-base-delay"),
                            settings.decimal("im.comet.backoff-factor"), settings.decimal("im.comet.backoff-jitter")),
                    settings.positive("im.comet.weight"),
                    NodeSettings.parseWeights(settings.text("im.comet.weights", ""), "im.comet.weights"),
                    NodeSettings.parseAddresses(settings.text("im.comet.addresses", ""), "im.comet.addresses"));
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage());
        }
    }
}
