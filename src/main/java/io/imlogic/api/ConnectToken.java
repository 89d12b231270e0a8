package io.imlogic.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static io.imlogic.api.FieldRules.int32;
import static io.imlogic.api.FieldRules.int64;

/**
 * The body of a client's auth frame, which the comet passes on as Connect's {@code token}: goim's JSON
 * {@code {"mid":int64,"key":string,"room_id":string,"platform":string,"accepts":[int32]}}. Read the same way for the
 * gRPC call and the HTTP session API; anything else is a 400 (gRPC: INVALID_ARGUMENT) naming the field.
 */
public record ConnectToken(long mid, String key, String roomId, String platform, List<Integer> accepts) {

    public static ConnectToken parse(byte[] json) {
        JsonNode token = RequestReader.jsonObject(json, "token");
        long mid = token.hasNonNull("mid") ? int64(token.get("mid").asText(), "token.mid") : 0;
        JsonNode acceptsNode = token.path("accepts");
        if (!acceptsNode.isMissingNode() && !acceptsNode.isNull() && !acceptsNode.isArray()) {
            throw ApiException.badRequest("token.accepts must be a list of operations");
        }
        List<Integer> accepts = new ArrayList<>();
        acceptsNode.forEach(op -> accepts.add(int32(op.asText(), "token.accepts")));
        return new ConnectToken(mid, token.path("key").asText(""), token.path("room_id").asText(""),
                token.path("platform").asText(""), List.copyOf(accepts));
    }
}
