package io.imlogic.grpc;

import io.grpc.Status;
import io.imlogic.api.ApiException;
import io.imlogic.session.InvalidCallException;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisTimeoutException;

import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a failed comet call is answered, from what camel-grpc hands over: INTERNAL with the exception as cause. */
class GrpcStatusMappingTest {

    @Test
    void aRefusedRequestIsInvalidArgumentWithItsMessage() {
        Status status = map(ApiException.badRequest("token is not valid JSON"));
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertEquals("token is not valid JSON", status.getDescription());
        assertEquals(Status.Code.UNAUTHENTICATED, map(new ApiException(401, "token")).getCode());
    }

    @Test
    void aCallTheSessionRulesRefuseIsInvalidArgumentWithItsMessage() {
        Status status = map(new RuntimeCamelException(new InvalidCallException("server is required")));
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertEquals("server is required", status.getDescription());
    }

    @Test
    void redisTroubleIsUnavailableWhereverItIsInTheChain() {
        assertEquals(Status.Code.UNAVAILABLE, map(new RedisConnectionException("refused")).getCode());
        assertEquals(Status.Code.UNAVAILABLE,
                map(new RuntimeCamelException(new CompletionException(new RedisTimeoutException("slow")))).getCode());
    }

    @Test
    void anythingElseIsInternalWithoutItsDetails() {
        Status status = map(new IllegalStateException("secret detail"));
        assertEquals(Status.Code.INTERNAL, status.getCode());
        assertEquals("internal error", status.getDescription());
        assertEquals(Status.Code.INTERNAL, GrpcStatusMapping.map(Status.UNKNOWN, "Connect").getCode(),
                "never UNKNOWN");
        assertEquals(Status.Code.UNIMPLEMENTED, map(new UnsupportedOperationException("ping")).getCode());
    }

    @Test
    void statusesThatAlreadySaySomethingPassUntouched() {
        assertEquals(Status.Code.OK, GrpcStatusMapping.map(Status.OK, "Connect").getCode());
        assertEquals(Status.Code.DEADLINE_EXCEEDED,
                GrpcStatusMapping.map(Status.DEADLINE_EXCEEDED.withCause(new RedisTimeoutException("x")), "Connect")
                        .getCode());
    }

    private static Status map(Throwable cause) {
        return GrpcStatusMapping.map(Status.INTERNAL.withDescription(cause.getMessage()).withCause(cause), "Connect");
    }
}
