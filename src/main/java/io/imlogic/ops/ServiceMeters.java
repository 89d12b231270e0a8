package io.imlogic.ops;

import io.imlogic.journal.AcceptJournal;
import io.imlogic.pipeline.PipelineBudget;
import io.imlogic.push.PushCounters;
import io.imlogic.session.CometSessions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.ManagementAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.JMException;
import javax.management.ObjectName;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The service's own meters, beside Camel's route statistics, and their two exports: the Prometheus registry that
 * camel-micrometer-prometheus serves at {@code /observe/metrics}, and one JMX MBean,
 * {@code org.apache.camel:context=im-logic,type=services,name=PushCounters}. Both are made from the same
 * {@link Meter} list: the push counters as {@link PushCounters} declares them, and below the other meters.
 */
public final class ServiceMeters {

    /** The MBean's name among Camel's services; JConsole users, Hawtio and the benchmark look for it. */
    static final String MBEAN = "PushCounters";

    private static final Logger LOG = LoggerFactory.getLogger(ServiceMeters.class);

    private ServiceMeters() {
    }

    /**
     * Every meter of the service. Values are read when exported (a scrape, a JMX read), from lambdas: a source that
     * is not there (a test declaring the list only) fails only when read.
     */
    public static List<Meter> of(PushCounters counters, CometSessions sessions, ThreadPoolExecutor pipeline,
                                 PipelineBudget budget, AcceptJournal journal) {
        List<Meter> meters = new ArrayList<>();
        counters.all().forEach(counter -> meters.add(Meter.of(counter)));
        meters.add(Meter.counter("im.comet.frames.received", "CometFramesReceived",
                "Client frames comets passed on with Receive (counted, then dropped as goim does)",
                () -> sessions.framesReceived()));
        meters.add(Meter.gauge("im.pipeline.queue.depth", "PipelineQueueDepth",
                "Batches of pushes waiting for a pipeline thread", () -> pipeline.getQueue().size()));
        meters.add(Meter.gauge("im.pipeline.active", "PipelineActive", "Pipeline threads at work",
                () -> pipeline.getActiveCount()));
        meters.add(Meter.gauge("im.pipeline.in.flight", "PipelineInFlight",
                "Pushes accepted and not yet delivered or dead-lettered", () -> budget.inFlight()));
        meters.add(Meter.gauge("im.pipeline.in.flight.bytes", "PipelineInFlightBytes",
                "Bytes the pushes in flight are counted for (bounded by im.pipeline.max-bytes)", () -> budget.bytes()));
        meters.add(Meter.gauge("im.journal.disk.bytes", "JournalDiskBytes",
                "Bytes of this node's accept journal segments", () -> journal.diskBytes()));
        return List.copyOf(meters);
    }

    /** The meter of route reloading, there when routes are reloaded. */
    static Meter reloadFailing(RouteReloadHealthCheck reload) {
        return Meter.gauge("im.routes.reload.failing", "RoutesReloadFailing",
                "1 while the last route reload failed and the previous routes serve", () -> reload.failing() ? 1 : 0);
    }

    /**
     * Both exports; each is skipped, with a warning, when its registry is not there. Micrometer holds a counter's
     * source weakly: the caller keeps the list.
     */
    public static void export(CamelContext context, List<Meter> meters) throws JMException {
        MeterRegistry prometheus = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (prometheus != null) {
            toMicrometer(prometheus, meters);
        } else {
            LOG.warn("no Micrometer registry found: the service's meters are not on /observe/metrics");
        }
        ManagementAgent jmx = context.getManagementStrategy().getManagementAgent();
        if (jmx != null) {
            jmx.register(new MetersMBean(meters), objectName(context));
        } else {
            LOG.warn("JMX is off: the service's meters are on /observe/metrics only");
        }
    }

    static void toMicrometer(MeterRegistry registry, List<Meter> meters) {
        for (Meter meter : meters) {
            Tags tags = Tags.of(meter.tags().entrySet().stream()
                    .map(tag -> io.micrometer.core.instrument.Tag.of(tag.getKey(), tag.getValue())).toList());
            if (meter.kind() == Meter.Kind.COUNTER) {
                FunctionCounter.builder(meter.metric(), meter, m -> m.value().getAsLong())
                        .description(meter.help()).tags(tags).register(registry);
            } else {
                Gauge.builder(meter.metric(), meter, m -> m.value().getAsLong())
                        .description(meter.help()).tags(tags).strongReference(true).register(registry);
            }
        }
    }

    /** Beside the context's own MBeans, with the domain and context key Camel's naming strategy gives them. */
    static ObjectName objectName(CamelContext context) throws JMException {
        ObjectName camel = context.getManagementStrategy().getManagementObjectNameStrategy()
                .getObjectNameForCamelContext(context);
        Hashtable<String, String> keys = new Hashtable<>();
        keys.put("context", camel.getKeyProperty("context"));
        keys.put("type", "services");
        keys.put("name", MBEAN);
        return new ObjectName(camel.getDomain(), keys);
    }
}
