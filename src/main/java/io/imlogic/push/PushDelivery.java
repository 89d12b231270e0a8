package io.imlogic.push;

import io.imlogic.journal.AcceptJournal;
import org.apache.camel.Exchange;

import java.util.List;

/**
 * The last step of a push's delivery, after every record was acked: counts it and takes it out of the accept
 * journal. One step, because what runs after the Kafka ack runs once per push on camel-kafka's worker threads.
 */
public final class PushDelivery {

    /** Exchange property carrying the push's request id through the pipeline, whose body changes. */
    public static final String REQUEST_ID = "imRequestId";

    private final PushCounters counters;
    private final AcceptJournal journal;

    public PushDelivery(PushCounters counters, AcceptJournal journal) {
        this.counters = counters;
        this.journal = journal;
    }

    /** Keeps the push's request id on the exchange, before the body becomes its records. */
    public void track(Exchange exchange) {
        exchange.setProperty(REQUEST_ID, exchange.getIn().getBody(PushRequest.class).requestId());
    }

    public void done(Exchange exchange) {
        if (exchange.getIn().getBody() instanceof List<?> records) {
            counters.recordsProduced(records.size());
        }
        counters.pushDelivered();
        journal.remove(exchange.getProperty(REQUEST_ID, String.class));
    }
}
