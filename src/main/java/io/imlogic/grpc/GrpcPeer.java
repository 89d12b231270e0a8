package io.imlogic.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Makes the caller's IP address available to the route's beans: camel-grpc hands a route only the request, so the
 * address travels in the gRPC {@link Context}, which is attached while the call's route runs on its thread. A comet's
 * address is its default entry in the node list.
 */
public final class GrpcPeer implements ServerInterceptor {

    private static final Context.Key<String> ADDRESS = Context.key("im-peer-address");

    /** The calling comet's IP address, or null outside a call. */
    public static String current() {
        return ADDRESS.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        String address = remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : null;
        return Contexts.interceptCall(Context.current().withValue(ADDRESS, address), call, headers, next);
    }
}
