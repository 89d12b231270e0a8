package io.imlogic.config;

import io.imlogic.api.ApiAuth;
import io.imlogic.api.NodesApi;
import io.imlogic.api.SessionApi;
import io.imlogic.discovery.DiscoveryRegistration;
import io.imlogic.grpc.CometGrpc;
import io.imlogic.grpc.GrpcPeer;
import io.imlogic.grpc.GrpcSessionAuth;
import io.imlogic.grpc.GrpcStatusMapping;
import io.imlogic.nodes.NodeList;
import io.imlogic.nodes.NodeSettings;
import io.imlogic.online.OnlineCounts;
import io.imlogic.redis.OnlineStore;
import io.imlogic.session.CometSessions;
import io.imlogic.redis.SessionStore;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * The comet side: the session calls (gRPC {@code goim.logic.Logic} and the HTTP session API, one implementation),
 * the node list clients get, and this node's registration with goim's discovery, withdrawn when Camel stops.
 * camel-grpc puts every {@code ServerInterceptor} of the registry in front of the service (their order does not
 * matter: each acts on its own).
 */
public final class CometConfiguration implements CamelConfiguration {

    @PropertyInject("im.session.heartbeat")
    GoDuration heartbeat;
    @PropertyInject("im.session.heartbeat-max")
    @AtLeast(1)
    int heartbeatMax;
    @PropertyInject("im.comet.domain")
    String domain;
    @PropertyInject("{{im.comet.host-domain:}}")
    String hostDomain;
    @PropertyInject("im.comet.tcp-port")
    @AtLeast(1)
    int tcpPort;
    @PropertyInject("im.comet.ws-port")
    @AtLeast(1)
    int wsPort;
    @PropertyInject("im.comet.wss-port")
    @AtLeast(1)
    int wssPort;
    @PropertyInject("im.comet.backoff-max-delay")
    @AtLeast(1)
    int backoffMaxDelay;
    @PropertyInject("im.comet.backoff-base-delay")
    @AtLeast(1)
    int backoffBaseDelay;
    @PropertyInject("im.comet.backoff-factor")
    @AtLeast(0)
    float backoffFactor;
    @PropertyInject("im.comet.backoff-jitter")
    @AtLeast(0)
    float backoffJitter;
    @PropertyInject("im.comet.weight")
    @AtLeast(1)
    int weight;
    @PropertyInject("{{im.comet.weights:}}")
    String weights;
    @PropertyInject("{{im.comet.addresses:}}")
    String addresses;
    @PropertyInject("{{im.discovery.nodes:}}")
    String discoveryNodes;
    @PropertyInject("im.discovery.zone")
    String zone;
    @PropertyInject("im.discovery.env")
    String env;
    @PropertyInject("{{im.discovery.hostname:}}")
    String hostname;
    @PropertyInject("{{im.discovery.address:}}")
    String address;
    @PropertyInject("im.discovery.weight")
    @AtLeast(1)
    int discoveryWeight;
    @PropertyInject("im.grpc.port")
    int grpcPort;

    @BindToRegistry("cometSessions")
    public CometSessions cometSessions(SessionStore sessions, OnlineStore online, OnlineCounts counts) {
        return new CometSessions(sessions, online, counts, heartbeat.duration().multipliedBy(heartbeatMax));
    }

    @BindToRegistry("sessionApi")
    public SessionApi sessionApi(CometSessions sessions) {
        return new SessionApi(sessions);
    }

    @BindToRegistry("nodeList")
    public NodeList nodeList(OnlineCounts counts) {
        return new NodeList(StartupChecks.valid(this::nodeSettings), counts::liveServers);
    }

    private NodeSettings nodeSettings() {
        return new NodeSettings(domain, hostDomain, tcpPort, wsPort, wssPort, (int) heartbeat.seconds(), heartbeatMax,
                new NodeSettings.Backoff(backoffMaxDelay, backoffBaseDelay, backoffFactor, backoffJitter), weight,
                NodeSettings.parseWeights(weights, "im.comet.weights"),
                NodeSettings.parseAddresses(addresses, "im.comet.addresses"));
    }

    @BindToRegistry("nodesApi")
    public NodesApi nodesApi(NodeList nodes) {
        return new NodesApi(nodes);
    }

    @BindToRegistry("cometGrpc")
    public CometGrpc cometGrpc(CometSessions sessions, NodeList nodes) {
        return new CometGrpc(sessions, nodes);
    }

    /** Statuses a comet can act on instead of camel-grpc's INTERNAL for every failure. */
    @BindToRegistry("grpcStatusMapping")
    public GrpcStatusMapping grpcStatusMapping() {
        return new GrpcStatusMapping();
    }

    @BindToRegistry("grpcSessionAuth")
    public GrpcSessionAuth grpcSessionAuth(ApiAuth auth) {
        return new GrpcSessionAuth(auth);
    }

    @BindToRegistry("grpcPeer")
    public GrpcPeer grpcPeer() {
        return new GrpcPeer();
    }

    /** Renewed by {@code routes/discovery.camel.yaml}; cancelled however Camel stops, SIGTERM or not. */
    @BindToRegistry(value = "discoveryRegistration", destroyMethod = "cancel")
    public DiscoveryRegistration discoveryRegistration() {
        return new DiscoveryRegistration(discoveryNodes, discoveryNodes.isBlank() ? null
                : DiscoveryRegistration.Instance.of(zone, env, hostname, address, grpcPort, discoveryWeight));
    }
}
