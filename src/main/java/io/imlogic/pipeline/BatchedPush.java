package io.imlogic.pipeline;

import io.imlogic.push.PushRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.List;

/**
 * One push in a batch, with its records and its own outcome.
 *
 * <p>Its records are bound to the push's own exchange: camel-kafka sets a record's send failure on the exchange of
 * the record's message, so a failure lands on the push it belongs to, not on its neighbours in the batch. A record
 * counts as delivered once camel-kafka has put its metadata on it with an offset ({@code recordMetadata=true}).
 */
public final class BatchedPush {

    private final Exchange exchange;
    private final PushRequest request;
    private List<Message> records = List.of();
    private Throwable undeliverable;
    private boolean settled;

    BatchedPush(Exchange exchange, PushRequest request) {
        this.exchange = exchange;
        this.request = request;
    }

    public PushRequest request() {
        return request;
    }

    /** A new record of this push, bound to its exchange. */
    Message newRecord() {
        return new DefaultMessage(exchange);
    }

    void records(List<Message> records) {
        this.records = records;
    }

    public List<Message> records() {
        return records;
    }

    /** True once every record of the push is acked by Kafka (a push without records is delivered at once). */
    public boolean delivered() {
        for (Message record : records) {
            if (!acked(record)) {
                return false;
            }
        }
        return true;
    }

    static boolean acked(Message record) {
        if (record.getHeader(KafkaConstants.KAFKA_RECORD_META) instanceof List<?> metadata && !metadata.isEmpty()) {
            return metadata.get(0) instanceof RecordMetadata ack && ack.hasOffset();
        }
        return false;
    }

    /** The failure camel-kafka reported for one of this push's records in the last send, cleared for the next. */
    Throwable takeSendFailure() {
        Throwable failure = exchange.getException();
        exchange.setException(null);
        return failure;
    }

    /** The push can never be delivered (see {@link Failures#permanent}): it leaves the batch for the dead letters. */
    void undeliverable(Throwable cause) {
        this.undeliverable = cause;
    }

    public Throwable undeliverable() {
        return undeliverable;
    }

    /** Still to be delivered by this batch: neither undeliverable nor settled. */
    boolean live() {
        return undeliverable == null && !settled;
    }

    void settled() {
        settled = true;
    }

    boolean isSettled() {
        return settled;
    }
}
