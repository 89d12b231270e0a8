package io.imlogic.push;

import org.apache.camel.StaticService;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.service.ServiceSupport;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The service's own counters, beside Camel's route statistics: what was accepted, what could not be delivered
 * because nobody is connected, and what reached Kafka.
 *
 * <p>LongAdder because every HTTP worker and pipeline thread bumps them on the hot path. A static Camel service, so
 * JMX shows it as {@code org.apache.camel:context=im-logic,type=services,name=PushCounters}.
 */
@ManagedResource(description = "im-logic push counters")
public final class PushCounters extends ServiceSupport implements StaticService {

    private final Map<PushRequest.Target, LongAdder> accepted = new EnumMap<>(PushRequest.Target.class);
    private final LongAdder midsWithoutConnection = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder keysWithoutServer = new LongAdder();
    private final LongAdder recordsProduced = new LongAdder();
    private final LongAdder redisRoundTrips = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();

    public PushCounters() {
        for (PushRequest.Target target : PushRequest.Target.values()) {
            accepted.put(target, new LongAdder());
        }
    }

    public void accepted(PushRequest.Target target) {
        accepted.get(target).increment();
    }

    public void midsWithoutConnection(int count) {
        midsWithoutConnection.add(count);
    }

    public void keysWithoutServer(int count) {
        keysWithoutServer.add(count);
    }

    public void recordsProduced(int count) {
        recordsProduced.add(count);
    }

    /** A push whose records all reached Kafka (or that needed none): accepted minus delivered is the backlog. */
    public void pushDelivered() {
        delivered.increment();
    }

    /** A batch of pushes went through the pipeline (delivered, dead-lettered or left to be sent again). */
    public void batchSettled() {
        batches.increment();
    }

    public long batches() {
        return batches.sum();
    }

    /** A push that can never be delivered, kept for replay. */
    public void deadLettered() {
        deadLettered.increment();
    }

    public long deadLetteredTotal() {
        return deadLettered.sum();
    }

    public void redisRoundTrip() {
        redisRoundTrips.increment();
    }

    public long accepted(String target) {
        return accepted.get(PushRequest.Target.valueOf(target)).sum();
    }

    public long midsWithoutConnection() {
        return midsWithoutConnection.sum();
    }

    public long keysWithoutServer() {
        return keysWithoutServer.sum();
    }

    public long recordsProduced() {
        return recordsProduced.sum();
    }

    public long delivered() {
        return delivered.sum();
    }

    public long acceptedTotal() {
        return accepted.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long redisRoundTrips() {
        return redisRoundTrips.sum();
    }

    @ManagedAttribute(description = "Pushes to mids accepted")
    public long getAcceptedMids() {
        return accepted("MIDS");
    }

    @ManagedAttribute(description = "Pushes to keys accepted")
    public long getAcceptedKeys() {
        return accepted("KEYS");
    }

    @ManagedAttribute(description = "Pushes to rooms accepted")
    public long getAcceptedRoom() {
        return accepted("ROOM");
    }

    @ManagedAttribute(description = "Broadcasts accepted")
    public long getAcceptedAll() {
        return accepted("ALL");
    }

    @ManagedAttribute(description = "Pushes whose records all reached Kafka")
    public long getDelivered() {
        return delivered();
    }

    @ManagedAttribute(description = "Mids looked up that had no connection")
    public long getMidsWithoutConnection() {
        return midsWithoutConnection();
    }

    @ManagedAttribute(description = "Keys looked up that had no server")
    public long getKeysWithoutServer() {
        return keysWithoutServer();
    }

    @ManagedAttribute(description = "Kafka records produced (acked)")
    public long getRecordsProduced() {
        return recordsProduced();
    }

    @ManagedAttribute(description = "Pushes given up after the last retry and stored as dead letters")
    public long getDeadLettered() {
        return deadLetteredTotal();
    }

    @ManagedAttribute(description = "Pipelined Redis round trips of lookups")
    public long getRedisRoundTrips() {
        return redisRoundTrips();
    }

    public long getBatches() {
        return batches();
    }
}
