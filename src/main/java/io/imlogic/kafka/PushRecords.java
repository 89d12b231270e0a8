package io.imlogic.kafka;

import io.imlogic.push.PushMessage;
import io.imlogic.push.PushRequest;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns a push's per-server messages into the records camel-kafka sends (an Iterable body: one record per element):
 * value encoded, record key and headers set on each.
 *
 * <p>Plain Java rather than a split with a sub-exchange and a marshal step per record: per-record Camel machinery,
 * not the encoding, is what costs with small pushes.
 */
public final class PushRecords {

    /** Record header: the push's request id, by which consumers drop duplicates. */
    public static final String REQUEST_ID = "im-request-id";
    /** Record header: epoch millis at accept, for accept-to-Kafka latency. */
    public static final String ACCEPTED_AT = "im-accepted-at";
    /** Record header, only when tracing is on: the W3C trace context of the push's accept span, so that a job node
     *  consuming the record continues the push's trace (the name OpenTelemetry's Kafka instrumentation reads). */
    public static final String TRACEPARENT = "traceparent";

    private final PushMessageFormat format;

    public PushRecords(PushMessageFormat format) {
        this.format = format;
    }

    /** @param newRecord makes the message a record goes in (the caller decides which exchange it belongs to) */
    public List<Message> of(PushRequest request, List<PushMessage> messages, Supplier<Message> newRecord) {
        List<Message> records = new ArrayList<>(messages.size());
        String acceptedAt = Long.toString(request.acceptedAt());
        for (PushMessage message : messages) {
            Message record = newRecord.get();
            record.setBody(format.encode(message));
            record.setHeader(KafkaConstants.KEY, message.recordKey());
            record.setHeader(REQUEST_ID, request.requestId());
            record.setHeader(ACCEPTED_AT, acceptedAt);
            if (request.traceparent() != null) {
                record.setHeader(TRACEPARENT, request.traceparent());
            }
            records.add(record);
        }
        return records;
    }
}
