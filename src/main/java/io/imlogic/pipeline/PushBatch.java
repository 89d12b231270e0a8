package io.imlogic.pipeline;

import io.imlogic.push.PushRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Pushes accepted close together and delivered together: the body of the pipeline's batch exchange.
 *
 * <p>It is also what camel-kafka sends: iterated, it yields the records still to be acked of the pushes still to be
 * delivered. A redelivery after a failed send therefore sends only what did not make it, never a record twice.
 */
public final class PushBatch implements Iterable<Message> {

    private final List<BatchedPush> pushes = new ArrayList<>();
    private long bytes;
    private Map<Long, Map<String, String>> connectionsOfMids = Map.of();
    private Map<String, String> serversOfKeys = Map.of();
    private boolean planned;
    private DeliveryTracing.Batch trace;

    void add(Exchange push) {
        PushRequest request = (PushRequest) push.getMessage().getBody();
        pushes.add(new BatchedPush(push, request));
        bytes += PipelineBudget.sizeOf(request);
    }

    public List<BatchedPush> pushes() {
        return pushes;
    }

    /** The pushes this batch still has to deliver. */
    public List<BatchedPush> live() {
        List<BatchedPush> live = new ArrayList<>(pushes.size());
        for (BatchedPush push : pushes) {
            if (push.live()) {
                live.add(push);
            }
        }
        return live;
    }

    public int size() {
        return pushes.size();
    }

    /** What the pushes hold in memory, as the budget counts it. */
    public long bytes() {
        return bytes;
    }

    void resolved(Map<Long, Map<String, String>> connectionsOfMids, Map<String, String> serversOfKeys) {
        this.connectionsOfMids = connectionsOfMids;
        this.serversOfKeys = serversOfKeys;
    }

    Map<Long, Map<String, String>> connectionsOfMids() {
        return connectionsOfMids;
    }

    Map<String, String> serversOfKeys() {
        return serversOfKeys;
    }

    /** The trace of this batch's delivery, begun by its first step and kept across retries. */
    DeliveryTracing.Batch trace(DeliveryTracing tracing) {
        if (trace == null) {
            trace = tracing.begin(pushes);
        }
        return trace;
    }

    /** The records are built: from here on a failure is a send failure. */
    void planned() {
        planned = true;
    }

    boolean isPlanned() {
        return planned;
    }

    @Override
    public Iterator<Message> iterator() {
        List<Message> pending = new ArrayList<>();
        for (BatchedPush push : pushes) {
            if (!push.live()) {
                continue;
            }
            for (Message record : push.records()) {
                if (!BatchedPush.acked(record)) {
                    // the metadata of a failed attempt (no offset) must not travel as a header
                    record.removeHeader(KafkaConstants.KAFKA_RECORD_META);
                    pending.add(record);
                }
            }
        }
        return pending.iterator();
    }
}
