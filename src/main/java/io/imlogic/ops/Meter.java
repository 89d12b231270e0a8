package io.imlogic.ops;

import io.imlogic.push.PushCounters;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One of the service's meters, declared once: where its value comes from, the names it is exported under
 * (Prometheus through Micrometer, and a JMX attribute) and its help text. {@link ServiceMeters} makes both exports
 * from the same list, so the two can never disagree on a name, a description or a value.
 *
 * @param metric    Micrometer name: {@code im.pushes.delivered} is {@code im_pushes_delivered_total} in Prometheus
 *                  (a counter) and {@code im.pipeline.in.flight} is {@code im_pipeline_in_flight} (a gauge)
 * @param tags      Micrometer tags, e.g. {@code target=mids}
 * @param attribute the JMX attribute of the PushCounters MBean
 */
public record Meter(Kind kind, String metric, Map<String, String> tags, String attribute, String help,
                    LongSupplier value) {

    public enum Kind { COUNTER, GAUGE }

    public Meter {
        tags = Map.copyOf(tags);
    }

    public static Meter counter(String metric, String attribute, String help, LongSupplier value) {
        return new Meter(Kind.COUNTER, metric, Map.of(), attribute, help, value);
    }

    public static Meter gauge(String metric, String attribute, String help, LongSupplier value) {
        return new Meter(Kind.GAUGE, metric, Map.of(), attribute, help, value);
    }

    /** One of the push counters, as it declares itself. */
    public static Meter of(PushCounters.Counter counter) {
        return new Meter(Kind.COUNTER, counter.metric(), counter.tags(), counter.attribute(), counter.help(),
                counter::value);
    }

    /** What a JMX client shows: the help text, and the tags when there are any. */
    String description() {
        return tags.isEmpty() ? help : help + " " + tags;
    }
}
