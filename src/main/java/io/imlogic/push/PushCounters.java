package io.imlogic.push;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The service's own counters, beside Camel's route statistics: what was accepted, what could not be delivered
 * because nobody is connected, and what reached Kafka.
 *
 * <p>Each counter is declared once, below: its value and the names it is exported under, the Prometheus metric
 * (at {@code /observe/metrics}) and the JMX attribute (of {@code org.apache.camel:context=im-logic,type=services,
 * name=PushCounters}), with one help text. {@code io.imlogic.ops.ServiceMeters} exports {@link #all()} to both.
 * LongAdder because every HTTP worker and pipeline thread bumps them on the hot path.
 */
public final class PushCounters {

    /** One counter: its value, and the names and help text it is exported under. */
    public static final class Counter {
        private final String metric;
        private final Map<String, String> tags;
        private final String attribute;
        private final String help;
        private final LongAdder value = new LongAdder();

        private Counter(String metric, Map<String, String> tags, String attribute, String help) {
            this.metric = metric;
            this.tags = tags;
            this.attribute = attribute;
            this.help = help;
        }

        /** The Micrometer name ({@code im.pushes.delivered}), which Prometheus shows as {@code im_pushes_delivered_total}. */
        public String metric() {
            return metric;
        }

        public Map<String, String> tags() {
            return tags;
        }

        /** The JMX attribute name. */
        public String attribute() {
            return attribute;
        }

        public String help() {
            return help;
        }

        public long value() {
            return value.sum();
        }
    }

    private final List<Counter> all = new ArrayList<>();
    private final Map<PushRequest.Target, Counter> accepted = new EnumMap<>(PushRequest.Target.class);
    private final Counter delivered = counter("im.pushes.delivered", "Delivered",
            "Pushes whose records all reached Kafka (accepted minus delivered is the backlog)");
    private final Counter recordsProduced = counter("im.records.produced", "RecordsProduced", "Kafka records acked");
    private final Counter midsWithoutConnection = counter("im.mids.without.connection", "MidsWithoutConnection",
            "Mids looked up that had no connection");
    private final Counter keysWithoutServer = counter("im.keys.without.server", "KeysWithoutServer",
            "Keys looked up that had no server");
    private final Counter deadLettered = counter("im.pushes.dead.lettered", "DeadLettered",
            "Pushes that can never be delivered, stored as dead letters for replay");
    private final Counter batches = counter("im.pipeline.batches", "Batches",
            "Batches of pushes through the pipeline");
    private final Counter redisRoundTrips = counter("im.redis.round.trips", "RedisRoundTrips",
            "Pipelined Redis round trips of lookups");

    public PushCounters() {
        for (PushRequest.Target target : PushRequest.Target.values()) {
            String name = target.name().toLowerCase(Locale.ROOT);
            // AcceptedMids, AcceptedKeys, AcceptedRoom, AcceptedAll
            String attribute = "Accepted" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
            accepted.put(target, new Counter("im.pushes.accepted", Map.of("target", name), attribute,
                    "Pushes accepted (answered 202)"));
        }
        all.addAll(0, accepted.values());
    }

    private Counter counter(String metric, String attribute, String help) {
        Counter counter = new Counter(metric, Map.of(), attribute, help);
        all.add(counter);
        return counter;
    }

    /** Every counter, in a stable order: what the exports are made from. */
    public List<Counter> all() {
        return List.copyOf(all);
    }

    public void accepted(PushRequest.Target target) {
        accepted.get(target).value.increment();
    }

    public void midsWithoutConnection(int count) {
        midsWithoutConnection.value.add(count);
    }

    public void keysWithoutServer(int count) {
        keysWithoutServer.value.add(count);
    }

    public void recordsProduced(int count) {
        recordsProduced.value.add(count);
    }

    /** A push whose records all reached Kafka (or that needed none): accepted minus delivered is the backlog. */
    public void pushDelivered() {
        delivered.value.increment();
    }

    /** A batch of pushes went through the pipeline (delivered, dead-lettered or left to be sent again). */
    public void batchSettled() {
        batches.value.increment();
    }

    /** A push that can never be delivered, kept for replay. */
    public void deadLettered() {
        deadLettered.value.increment();
    }

    public void redisRoundTrip() {
        redisRoundTrips.value.increment();
    }

    public long accepted(String target) {
        return accepted.get(PushRequest.Target.valueOf(target)).value();
    }

    public long acceptedTotal() {
        return accepted.values().stream().mapToLong(Counter::value).sum();
    }

    public long delivered() {
        return delivered.value();
    }

    public long recordsProduced() {
        return recordsProduced.value();
    }

    public long midsWithoutConnection() {
        return midsWithoutConnection.value();
    }

    public long keysWithoutServer() {
        return keysWithoutServer.value();
    }

    public long deadLetteredTotal() {
        return deadLettered.value();
    }

    public long batches() {
        return batches.value();
    }

    public long redisRoundTrips() {
        return redisRoundTrips.value();
    }
}
