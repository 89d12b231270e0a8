package io.imlogic.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.imlogic.api.ApiAuth;

/**
 * The session token (IM_AUTH_SESSION_TOKEN), when set, for the comets' gRPC calls too: {@code authorization:
 * Bearer <token>} metadata, else UNAUTHENTICATED before the call reaches the route.
 */
public final class GrpcSessionAuth implements ServerInterceptor {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ApiAuth auth;

    public GrpcSessionAuth(ApiAuth auth) {
        this.auth = auth;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String refusal = auth.sessionRefusal(headers.get(AUTHORIZATION));
        if (refusal == null) {
            return next.startCall(call, headers);
        }
        call.close(Status.UNAUTHENTICATED.withDescription(refusal), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
