package io.imlogic.it;

import goim.logic.LogicGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.NettyChannelBuilder;

import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A goim comet's side of {@code goim.logic.Logic}, played by grpc-java's own client and the stub generated from the
 * same .proto: a real HTTP/2 connection to the running service. Remembers the local address of every call, which
 * tells whether two calls went over the same connection.
 */
final class CometClient implements AutoCloseable {

    private final ManagedChannel channel;
    private final List<SocketAddress> callAddresses = new CopyOnWriteArrayList<>();

    CometClient(int port) {
        this(port, builder -> builder);
    }

    CometClient(int port, UnaryOperator<NettyChannelBuilder> tuning) {
        channel = tuning.apply(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext())
                .intercept(new LocalAddressRecorder())
                .build();
    }

    /** A blocking stub with a deadline, so that a test never hangs on a call. */
    LogicGrpc.LogicBlockingStub logic() {
        return LogicGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** The same with {@code authorization: Bearer <token>} metadata. */
    LogicGrpc.LogicBlockingStub logic(String bearerToken) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + bearerToken);
        return logic().withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    ManagedChannel channel() {
        return channel;
    }

    /** The local address each call used, in order. */
    List<SocketAddress> callAddresses() {
        return callAddresses;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    private final class LocalAddressRecorder implements ClientInterceptor {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            ClientCall<Q, R> call = next.newCall(method, options);
            return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onHeaders(Metadata replyHeaders) {
                            // the server answered over a transport by now: its attributes name the connection
                            SocketAddress local = call.getAttributes().get(Grpc.TRANSPORT_ATTR_LOCAL_ADDR);
                            if (local != null) {
                                callAddresses.add(local);
                            }
                            super.onHeaders(replyHeaders);
                        }
                    }, headers);
                }
            };
        }
    }
}
