package io.imlogic.kafka;

import io.imlogic.push.PushMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a push's per-server messages into the records camel-kafka sends in one go (a List body: one record per
 * element): value encoded, record key and headers set on each.
 *
 * <p>Plain Java rather than a split with a sub-exchange, OGNL header expressions and a marshal step per record:
 * the benchmark's profile showed that per-record Camel machinery, not the encoding, dominated small pushes.
 */
public final class PushRecords {

    /** Header on the exchange: how many records the body holds. */
    public static final String COUNT = "imRecords";

    private final PushMessageFormat format;

    public PushRecords(PushMessageFormat format) {
        this.format = format;
    }

    public List<Message> of(Exchange exchange, List<PushMessage> messages) {
        List<Message> records = new ArrayList<>(messages.size());
        for (PushMessage message : messages) {
            Message record = new DefaultMessage(exchange);
            record.setBody(format.encode(message));
            record.setHeader(KafkaConstants.KEY, message.recordKey());
            // consumers drop duplicates by request id; the bench measures accept-to-Kafka latency from accepted-at
            record.setHeader("im-request-id", message.requestId());
            record.setHeader("im-accepted-at", Long.toString(message.acceptedAt()));
            records.add(record);
        }
        exchange.getIn().setHeader(COUNT, records.size());
        return records;
    }
}
