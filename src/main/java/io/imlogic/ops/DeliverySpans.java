package io.imlogic.ops;

import io.imlogic.kafka.PushRecords;
import io.imlogic.pipeline.BatchedPush;
import io.imlogic.pipeline.DeliveryTracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.apache.camel.Message;

import java.util.List;

/**
 * The spans of a batch's delivery: one per batch, a root linked to the accept span of each push in it, with a child
 * per Redis lookup; Camel's own span of the {@code kafka:} step becomes its child too (see
 * {@link DeliveryTracing.Batch#parentOfSend}).
 *
 * <p>Parents are always given explicitly, never taken from {@link Context#current()}: Camel activates a span on the
 * thread that starts a send and ends it on the thread that completes it, so the thread-local context of a pipeline
 * thread may be a span long ended.
 */
final class DeliverySpans implements DeliveryTracing {

    static final String DELIVERY = "deliver push batch";
    static final String REDIS_LOOKUP = "redis lookup";
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("im.request_id");
    private static final AttributeKey<Long> PUSHES = AttributeKey.longKey("im.batch.pushes");
    private static final AttributeKey<Long> BYTES = AttributeKey.longKey("im.batch.bytes");
    private static final AttributeKey<Long> DELIVERED = AttributeKey.longKey("im.batch.delivered");
    private static final AttributeKey<Long> DEAD_LETTERED = AttributeKey.longKey("im.batch.dead_lettered");
    private static final AttributeKey<Long> LEFT = AttributeKey.longKey("im.batch.left");
    private static final AttributeKey<Long> MIDS = AttributeKey.longKey("im.redis.mids");
    private static final AttributeKey<Long> KEYS = AttributeKey.longKey("im.redis.keys");
    private static final AttributeKey<Boolean> RETRIED = AttributeKey.booleanKey("im.retried");

    /** Reads a push's {@code traceparent} string as a carrier of the W3C format. */
    private static final TextMapGetter<String> PUSH_TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String traceparent) {
            return List.of(PushRecords.TRACEPARENT);
        }

        @Override
        public String get(String traceparent, String key) {
            return PushRecords.TRACEPARENT.equals(key) ? traceparent : null;
        }
    };

    private final Tracer tracer;
    private final ContextPropagators propagators;

    DeliverySpans(Tracer tracer, ContextPropagators propagators) {
        this.tracer = tracer;
        this.propagators = propagators;
    }

    @Override
    public Batch begin(List<BatchedPush> pushes) {
        long bytes = 0;
        for (BatchedPush push : pushes) {
            bytes += push.request().msg().length;
        }
        SpanBuilder builder = tracer.spanBuilder(DELIVERY)
                .setNoParent()
                .setAttribute(PUSHES, (long) pushes.size())
                .setAttribute(BYTES, bytes);
        for (BatchedPush push : pushes) {
            SpanContext accepted = acceptSpan(push.request().traceparent());
            if (accepted.isValid()) {
                builder.addLink(accepted, Attributes.of(REQUEST_ID, push.request().requestId()));
            }
        }
        return new BatchSpan(builder.startSpan());
    }

    /** The accept span a push was stamped with (W3C whatever the configured propagators: it is a record header). */
    static SpanContext acceptSpan(String traceparent) {
        if (traceparent == null) {
            return SpanContext.getInvalid();
        }
        Context extracted = W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent,
                PUSH_TRACEPARENT);
        return Span.fromContext(extracted).getSpanContext();
    }

    private final class BatchSpan implements Batch {

        private final Span delivery;
        private final Context context;

        BatchSpan(Span delivery) {
            this.delivery = delivery;
            this.context = Context.root().with(delivery);
        }

        @Override
        public Step redisLookup(int mids, int keys) {
            Span lookup = tracer.spanBuilder(REDIS_LOOKUP)
                    .setParent(context)
                    .setSpanKind(SpanKind.CLIENT)
                    .setAttribute("db.system.name", "redis")
                    .setAttribute(MIDS, (long) mids)
                    .setAttribute(KEYS, (long) keys)
                    .startSpan();
            return failure -> {
                if (failure != null) {
                    lookup.recordException(failure);
                    lookup.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
                }
                lookup.end();
            };
        }

        @Override
        public void parentOfSend(Message batch) {
            // the propagators Camel's tracer extracts with, so its Kafka span finds this parent
            propagators.getTextMapPropagator().inject(context, batch, (message, key, value) -> {
                if (message != null) {
                    message.setHeader(key, value);
                }
            });
        }

        @Override
        public void attemptFailed(Throwable failure, boolean retried) {
            if (failure != null) {
                delivery.recordException(failure, Attributes.of(RETRIED, retried));
            }
        }

        @Override
        public void settled(int delivered, int deadLettered, int left) {
            delivery.setAttribute(DELIVERED, (long) delivered);
            delivery.setAttribute(DEAD_LETTERED, (long) deadLettered);
            delivery.setAttribute(LEFT, (long) left);
            if (deadLettered > 0) {
                delivery.setStatus(StatusCode.ERROR, deadLettered + " push(es) dead-lettered");
            }
            delivery.end();
        }
    }
}
