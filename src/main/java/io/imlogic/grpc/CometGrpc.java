package io.imlogic.grpc;

import goim.logic.Backoff;
import goim.logic.ConnectReply;
import goim.logic.ConnectReq;
import goim.logic.DisconnectReply;
import goim.logic.DisconnectReq;
import goim.logic.HeartbeatReply;
import goim.logic.HeartbeatReq;
import goim.logic.NodesReply;
import goim.logic.NodesReq;
import goim.logic.OnlineReply;
import goim.logic.OnlineReq;
import goim.logic.ReceiveReply;
import goim.logic.ReceiveReq;
import io.imlogic.api.ConnectToken;
import io.imlogic.nodes.NodeList;
import io.imlogic.session.CometSessions;

/**
 * goim's {@code goim.logic.Logic} calls, as the comet-grpc route hands them over (the generated request object as
 * the body): each method translates the request for {@link CometSessions} or {@link NodeList} and builds the reply.
 * A refused request throws, and {@link GrpcStatusMapping} turns that into the call's status.
 */
public final class CometGrpc {

    private final CometSessions sessions;
    private final NodeList nodes;

    public CometGrpc(CometSessions sessions, NodeList nodes) {
        this.sessions = sessions;
        this.nodes = nodes;
    }

    /** The comet's read deadline goes back in nanoseconds: goim's comet uses it as a Go time.Duration. */
    public ConnectReply connect(ConnectReq request) {
        ConnectToken token = ConnectToken.parse(request.getToken().toByteArray());
        String key = sessions.connect(request.getServer(), token.mid(), token.key());
        return ConnectReply.newBuilder()
                .setMid(token.mid())
                .setKey(key)
                .setRoomID(token.roomId())
                .addAllAccepts(token.accepts())
                .setHeartbeat(sessions.readDeadline().toNanos())
                .build();
    }

    public DisconnectReply disconnect(DisconnectReq request) {
        return DisconnectReply.newBuilder().setHas(sessions.disconnect(request.getMid(), request.getKey())).build();
    }

    public HeartbeatReply heartbeat(HeartbeatReq request) {
        sessions.heartbeat(request.getMid(), request.getKey(), request.getServer());
        return HeartbeatReply.getDefaultInstance();
    }

    /** The comet's room counts, stored with the address the call came from (its default node list address). */
    public OnlineReply renewOnline(OnlineReq request) {
        return OnlineReply.newBuilder()
                .putAllAllRoomCount(sessions.renewOnline(request.getServer(), request.getRoomCountMap(), null,
                        GrpcPeer.current()))
                .build();
    }

    public ReceiveReply receive(ReceiveReq request) {
        sessions.received(request.getMid(), request.getProto().getOp(), request.getProto().getBody().size());
        return ReceiveReply.getDefaultInstance();
    }

    public NodesReply nodes(NodesReq request) {
        NodeList.Nodes answer = nodes.weighted(request.getPlatform());
        return NodesReply.newBuilder()
                .setDomain(answer.domain())
                .setTcpPort(answer.tcpPort())
                .setWsPort(answer.wsPort())
                .setWssPort(answer.wssPort())
                .setHeartbeat(answer.heartbeat())
                .addAllNodes(answer.nodes())
                .setBackoff(Backoff.newBuilder()
                        .setMaxDelay(answer.backoff().maxDelay())
                        .setBaseDelay(answer.backoff().baseDelay())
                        .setFactor(answer.backoff().factor())
                        .setJitter(answer.backoff().jitter()))
                .setHeartbeatMax(answer.heartbeatMax())
                .build();
    }
}
