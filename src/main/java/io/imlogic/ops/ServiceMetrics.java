package io.imlogic.ops;

import io.imlogic.push.PushCounters;
import io.imlogic.journal.AcceptJournal;
import io.imlogic.pipeline.PipelineBudget;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Locale;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Publishes the service's own counters beside Camel's route timers in the Prometheus registry that
 * camel-micrometer-prometheus serves at {@code /observe/metrics}.
 */
public final class ServiceMetrics {

    private ServiceMetrics() {
    }

    public static void bind(MeterRegistry registry, PushCounters counters, ThreadPoolExecutor pipeline,
                            PipelineBudget budget, AcceptJournal journal, RouteReloadHealthCheck reload) {
        for (String target : new String[] {"MIDS", "KEYS", "ROOM", "ALL"}) {
            FunctionCounter.builder("im.pushes.accepted", counters, c -> c.accepted(target))
                    .description("Pushes accepted (answered 202)")
                    .tag("target", target.toLowerCase(Locale.ROOT)).register(registry);
        }
        FunctionCounter.builder("im.pushes.delivered", counters, PushCounters::delivered)
                .description("Pushes whose records all reached Kafka").register(registry);
        FunctionCounter.builder("im.records.produced", counters, PushCounters::recordsProduced)
                .description("Kafka records acked").register(registry);
        FunctionCounter.builder("im.mids.without.connection", counters, PushCounters::midsWithoutConnection)
                .description("Mids looked up that had no connection").register(registry);
        FunctionCounter.builder("im.keys.without.server", counters, PushCounters::keysWithoutServer)
                .description("Keys looked up that had no server").register(registry);
        FunctionCounter.builder("im.pushes.dead.lettered", counters, PushCounters::deadLetteredTotal)
                .description("Pushes that can never be delivered, stored for replay").register(registry);
        FunctionCounter.builder("im.pipeline.batches", counters, PushCounters::batches)
                .description("Batches of pushes through the pipeline").register(registry);
        FunctionCounter.builder("im.redis.round.trips", counters, PushCounters::redisRoundTrips)
                .description("Pipelined Redis round trips of lookups").register(registry);
        Gauge.builder("im.pipeline.queue.depth", pipeline, p -> p.getQueue().size())
                .description("Batches of pushes waiting for a pipeline thread").register(registry);
        Gauge.builder("im.pipeline.in.flight", budget, PipelineBudget::inFlight)
                .description("Pushes accepted and not yet delivered or dead-lettered").register(registry);
        Gauge.builder("im.pipeline.in.flight.bytes", budget, PipelineBudget::bytes)
                .description("Bytes the pushes in flight are counted for (bounded by im.pipeline.max-bytes)")
                .register(registry);
        Gauge.builder("im.journal.disk.bytes", journal, AcceptJournal::diskBytes)
                .description("Bytes of this node's accept journal segments").register(registry);
        Gauge.builder("im.pipeline.active", pipeline, ThreadPoolExecutor::getActiveCount)
                .description("Pipeline threads at work").register(registry);
        if (reload != null) {
            Gauge.builder("im.routes.reload.failing", reload, r -> r.failing() ? 1 : 0)
                    .description("1 while the last route reload failed and the previous routes serve")
                    .register(registry);
        }
    }
}
