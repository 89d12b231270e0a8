package io.imlogic.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.imlogic.push.PushRequest;

import java.util.List;

/** A push request as one line of the accept journal: its record components as JSON. */
final class JournalCodec {

    // unknown fields ignored and missing ones defaulted, so a journal written by another version still reads
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private JournalCodec() {
    }

    /** As Jackson writes a Java record. */
    static String encode(PushRequest request) {
        try {
            return JSON.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("push request not serialisable", e);
        }
    }

    static PushRequest decode(String json) {
        PushRequest read;
        try {
            read = JSON.readValue(json, PushRequest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
        if (read == null || read.requestId() == null || read.target() == null || read.msg() == null) {
            throw new IllegalArgumentException("requestId, target or msg missing");
        }
        // the same shape the parser builds: immutable lists, never-null arrays
        return new PushRequest(read.requestId(), read.target(), read.operation(), read.speed(),
                read.mids() == null ? new long[0] : read.mids(),
                read.keys() == null ? List.of() : List.copyOf(read.keys()),
                read.room(), read.msg(), read.acceptedAt());
    }
}
