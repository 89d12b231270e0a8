package io.imlogic.bench;

import io.imlogic.push.PushCounters;
import io.imlogic.redis.ConnectionLookup;
import io.imlogic.redis.RedisClientFactory;
import io.imlogic.redis.ServerKeys;
import org.redisson.api.RedissonClient;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The lookup alone, from Java, on the bench's Redis: mids resolved per second by the service's own
 * {@link ConnectionLookup#keysOfMids} (Redisson RBatch of HGETALL) with several chunk sizes, against a bare RESP
 * pipeline on a plain socket that parses the replies straight into {@link ServerKeys} (what a leaner client could
 * reach). 1000 distinct mids per call, THREADS threads, SECONDS each after a 1 s warm-up.
 *
 * <p>{@code LookupCeiling HOST PORT USERS THREADS SECONDS CHUNK...}; prints one line {@code LOOKUP_JSON {...}}.
 */
public final class LookupCeiling {

    private LookupCeiling() {
    }

    interface Lookup {
        ServerKeys keysOfMids(long[] mids) throws IOException;
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int users = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        StringBuilder json = new StringBuilder("{");
        RedissonClient redis = RedisClientFactory.create("redis://" + host + ":" + port, "", "", 16, 3000);
        try {
            for (int i = 5; i < args.length; i++) {
                int chunk = Integer.parseInt(args[i]);
                ConnectionLookup lookup = new ConnectionLookup(redis, chunk, 3000, new PushCounters());
                double rate = rate(() -> lookup::keysOfMids, users, threads, seconds);
                System.err.printf(Locale.ROOT, "ConnectionLookup (Redisson RBatch), chunk %d: %,.0f mids/s%n", chunk, rate);
                json.append(String.format(Locale.ROOT, "\"redisson_chunk_%d\":%.0f,", chunk, rate));
            }
        } finally {
            redis.shutdown();
        }
        double raw = rate(() -> {
            RawPipeline pipeline = new RawPipeline(host, port);
            return pipeline::keysOfMids;
        }, users, threads, seconds);
        System.err.printf(Locale.ROOT, "bare RESP pipeline (1000 HGETALL, one write, parsed into ServerKeys): %,.0f mids/s%n", raw);
        json.append(String.format(Locale.ROOT, "\"raw_resp_pipeline\":%.0f,\"threads\":%d}", raw, threads));
        System.out.println("LOOKUP_JSON " + json);
    }

    interface LookupFactory {
        Lookup create() throws IOException;
    }

    static double rate(LookupFactory factory, int users, int threads, int seconds) throws Exception {
        double result = 0;
        for (int pass = 0; pass < 2; pass++) {
            LongAdder done = new LongAdder();
            long until = System.nanoTime() + (pass == 0 ? 1_000_000_000L : seconds * 1_000_000_000L);
            List<Thread> workers = new ArrayList<>();
            List<Throwable> errors = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                Lookup lookup = factory.create();
                Thread worker = new Thread(() -> {
                    try {
                        while (System.nanoTime() < until) {
                            int r = ThreadLocalRandom.current().nextInt(users);
                            long[] mids = new long[1000];
                            for (int i = 0; i < mids.length; i++) {
                                mids[i] = (r + (long) i * 7919) % users + 1;
                            }
                            ServerKeys found = lookup.keysOfMids(mids);
                            if (found.unresolvedCount() != 0) {
                                throw new IllegalStateException(found.unresolvedCount() + " mids unresolved");
                            }
                            done.add(mids.length);
                        }
                    } catch (Throwable e) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                    }
                });
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            if (!errors.isEmpty()) {
                throw new IllegalStateException("lookup failed", errors.get(0));
            }
            result = done.sum() / ((System.nanoTime() - start) / 1e9);
        }
        return result;
    }

    /** HGETALL mid_{m} for every mid in one write on one connection, replies parsed as they stream in. */
    static final class RawPipeline {
        private final OutputStream out;
        private final InputStream in;

        RawPipeline(String host, int port) throws IOException {
            Socket socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        }

        ServerKeys keysOfMids(long[] mids) throws IOException {
            StringBuilder commands = new StringBuilder(mids.length * 40);
            for (long mid : mids) {
                String key = "mid_" + mid;
                commands.append("*2\r\n$7\r\nHGETALL\r\n$").append(key.length()).append("\r\n").append(key).append("\r\n");
            }
            out.write(commands.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ServerKeys result = new ServerKeys();
            for (int i = 0; i < mids.length; i++) {
                expect('*');
                long fields = readLong() / 2;
                if (fields == 0) {
                    result.unresolved();
                }
                for (long f = 0; f < fields; f++) {
                    String key = bulk();
                    result.add(key, bulk());
                }
            }
            return result;
        }

        private void expect(char type) throws IOException {
            int b = in.read();
            if (b != type) {
                throw new IOException("expected " + type + ", got " + (char) b);
            }
        }

        private long readLong() throws IOException {
            long value = 0;
            boolean negative = false;
            int b;
            while ((b = in.read()) != '\r') {
                if (b == '-') {
                    negative = true;
                } else {
                    value = value * 10 + (b - '0');
                }
            }
            in.read();
            return negative ? -value : value;
        }

        private String bulk() throws IOException {
            expect('$');
            int length = (int) readLong();
            byte[] bytes = in.readNBytes(length);
            in.read();
            in.read();
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
