package io.imlogic.pipeline;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.support.DefaultExchange;

/**
 * The aggregate EIP's strategy: gathers accepted pushes into a {@link PushBatch}, the body of a new batch exchange.
 *
 * <p>The aggregate completes a batch by count and by time (see the route); this strategy adds the third bound, in
 * bytes, so that a batch of large pushes stays small in memory while it is resolved and encoded.
 */
public final class PushBatching implements AggregationStrategy {

    private final long maxBatchBytes;

    public PushBatching(long maxBatchBytes) {
        this.maxBatchBytes = maxBatchBytes;
    }

    @Override
    public Exchange aggregate(Exchange batchExchange, Exchange push) {
        Exchange batch = batchExchange;
        if (batch == null) {
            batch = new DefaultExchange(push.getContext(), ExchangePattern.InOnly);
            batch.getIn().setBody(new PushBatch());
        }
        PushBatch pushes = (PushBatch) batch.getIn().getBody();
        pushes.add(push);
        if (pushes.bytes() >= maxBatchBytes) {
            batch.setProperty(ExchangePropertyKey.AGGREGATION_COMPLETE_CURRENT_GROUP, true);
        }
        return batch;
    }
}
