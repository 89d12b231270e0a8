package io.imlogic.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.imlogic.api.ApiException;
import io.imlogic.session.InvalidCallException;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives a failed call a status the comet can act on. camel-grpc answers every failed exchange INTERNAL, whatever
 * was thrown, with the exception attached as the status's cause (never sent); this puts the meaning back:
 * a refused request (a token that is not JSON, a bad mid, a value the session rules refuse) is INVALID_ARGUMENT, a
 * Redis that cannot be reached is UNAVAILABLE (the comet may retry), anything else INTERNAL with a short text. Never
 * a stack trace on the wire, never UNKNOWN.
 */
public final class GrpcStatusMapping implements ServerInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(GrpcStatusMapping.class);
    /** During an outage every comet call fails the same way: one warning per this many nanoseconds says it. */
    private static final long WARN_EVERY_NANOS = 10_000_000_000L;
    private static final AtomicLong LAST_WARNED = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                super.close(map(status, call.getMethodDescriptor().getBareMethodName()), trailers);
            }
        }, headers);
    }

    static Status map(Status status, String method) {
        if (status.isOk() || status.getCode() != Status.Code.INTERNAL && status.getCode() != Status.Code.UNKNOWN) {
            return status;
        }
        for (Throwable cause = status.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException refused) {
                return (refused.status() == 401 ? Status.UNAUTHENTICATED : Status.INVALID_ARGUMENT)
                        .withDescription(refused.getMessage());
            }
            if (cause instanceof InvalidCallException invalid) {
                return Status.INVALID_ARGUMENT.withDescription(invalid.getMessage());
            }
            if (cause instanceof RedisException redis) {
                warnNowAndThen(method, redis);
                return Status.UNAVAILABLE.withDescription("Redis is unavailable, retry");
            }
            if (cause instanceof UnsupportedOperationException) {
                return Status.UNIMPLEMENTED.withDescription(method + " is not served here");
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        LOG.warn("{} failed unexpectedly", method, status.getCause());
        return Status.INTERNAL.withDescription("internal error");
    }

    private static void warnNowAndThen(String method, RedisException redis) {
        long now = System.nanoTime();
        long last = LAST_WARNED.get();
        String message = String.valueOf(redis.getMessage());
        String shortMessage = redis.getClass().getSimpleName() + ": "
                + (message.length() <= 100 ? message : message.substring(0, 100) + "...");
        if (now - last >= WARN_EVERY_NANOS && LAST_WARNED.compareAndSet(last, now)) {
            LOG.warn("comet calls answered UNAVAILABLE: Redis is unavailable ({}; {} first)", shortMessage, method);
        } else {
            LOG.debug("{} answered UNAVAILABLE: {}", method, shortMessage);
        }
    }
}
