package io.imlogic.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imlogic.push.PushCounters;
import io.imlogic.redis.ConnectionLookup;
import io.imlogic.redis.ConnectionStats;
import io.imlogic.redis.OnlineStore;
import io.imlogic.redis.RedisClientFactory;
import io.imlogic.redis.ServerKeys;
import io.imlogic.redis.SessionStore;
import org.redisson.Redisson;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Redis Cluster for real, through the service's own lookup code: builds a Redisson client in cluster mode (what
 * {@code RedisClientFactory} would build with {@code im.redis.mode=cluster}: the same settings, with
 * {@code useClusterServers().addNodeAddress(...)} instead of {@code useSingleServer().setAddress(...)}), seeds the
 * bench layout into the cluster, and runs {@link ConnectionLookup#keysOfMids} (pipelined RBatch of HGETALL over
 * keys in every slot) and {@link ConnectionLookup#serversOfKeys} (MGET over keys in every slot), checking every
 * answer and timing them against the same code on the single Redis.
 *
 * <p>{@code RedisClusterCheck OUT.json USERS CONNS SERVERS SINGLE_URL NODE_URL...}
 */
public final class RedisClusterCheck {

    private RedisClusterCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int users = Integer.parseInt(args[1]);
        int conns = Integer.parseInt(args[2]);
        int servers = Integer.parseInt(args[3]);
        String single = args[4];
        List<String> nodes = List.of(args).subList(5, args.length);

        ObjectNode result = new ObjectMapper().createObjectNode();
        result.put("nodes", String.join(" ", nodes));
        RedissonClient cluster = clusterClient(nodes, 16, 3000);
        RedissonClient standalone = RedisClientFactory.create(single, "", "", 16, 3000);
        try {
            long t0 = System.nanoTime();
            seed(cluster, users, conns, servers);
            result.put("seed_ms", (System.nanoTime() - t0) / 1_000_000);
            System.out.printf("seeded %d users into the cluster in %d ms%n", users, (System.nanoTime() - t0) / 1_000_000);

            PushCounters counters = new PushCounters();
            ConnectionLookup clusterLookup = new ConnectionLookup(cluster, 1000, 3000, counters);
            ConnectionLookup singleLookup = new ConnectionLookup(standalone, 1000, 3000, new PushCounters());

            // correctness: 1000 mids spread over every slot, plus 5 mids nobody has
            long[] mids = new long[1005];
            for (int i = 0; i < 1000; i++) {
                mids[i] = (long) i * (users / 1000) + 1;
            }
            for (int i = 0; i < 5; i++) {
                mids[1000 + i] = users + 1000L + i;
            }
            ServerKeys found = clusterLookup.keysOfMids(mids);
            String midsCheck = check(found, mids, 1000, conns, servers);
            result.put("rbatch_hgetall_across_slots", midsCheck);
            System.out.println("keysOfMids (pipelined RBatch HGETALL, 1005 mids over all slots): " + midsCheck);

            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                keys.add(mids[i] + "-" + (i % conns));
            }
            keys.add("nobody-0");
            ServerKeys byKey = clusterLookup.serversOfKeysGrouped(keys);
            String keysCheck = byKey.unresolvedCount() == 1 && total(byKey) == 1000 && placed(byKey, conns, servers)
                    ? "ok: 1000 keys resolved, 1 unresolved, every key on its server"
                    : "WRONG: " + total(byKey) + " keys resolved, " + byKey.unresolvedCount() + " unresolved";
            result.put("mget_across_slots", keysCheck);
            System.out.println("serversOfKeys (MGET, 1001 keys over all slots): " + keysCheck);

            // the other Redis users of the service, on the cluster: a comet's connect/heartbeat/disconnect
            // (pipelined IN_MEMORY batch over mid_ and key_ keys, different slots) and the room counts (MULTI on
            // one ol_ hash, then SCAN over every master and a pipelined HGETALL)
            String sessions;
            try {
                SessionStore store = new SessionStore(cluster, java.time.Duration.ofMinutes(30), 3000);
                long mid = users + 5000L;
                store.connect(mid, "cluster-key-1", "comet-x");
                // heartbeat answers whether it had to write the mapping again (false: it was there)
                boolean rewritten = store.heartbeat(mid, "cluster-key-1", "comet-x");
                ServerKeys after = clusterLookup.keysOfMids(new long[] {mid});
                boolean gone = store.disconnect(mid, "cluster-key-1");
                ServerKeys afterDisconnect = clusterLookup.keysOfMids(new long[] {mid});
                boolean readded = store.heartbeat(mid, "cluster-key-1", "comet-x");
                ServerKeys afterReadd = clusterLookup.serversOfKeysGrouped(List.of("cluster-key-1"));
                store.disconnect(mid, "cluster-key-1");
                sessions = !rewritten && total(after) == 1 && gone && total(afterDisconnect) == 0 && readded
                        && total(afterReadd) == 1
                        ? "ok: connect, heartbeat, lookup, disconnect, heartbeat re-adding a lost mapping"
                        : "WRONG: heartbeat rewrote " + rewritten + ", found " + total(after) + ", disconnect " + gone
                        + ", found after " + total(afterDisconnect) + ", re-added " + readded + "/" + total(afterReadd);
            } catch (RuntimeException e) {
                sessions = "FAILED: " + e;
            }
            result.put("session_store", sessions);
            System.out.println("SessionStore on the cluster: " + sessions);
            String online;
            try {
                OnlineStore rooms = new OnlineStore(cluster, java.time.Duration.ofMinutes(5), 3000);
                for (int i = 0; i < 6; i++) {
                    rooms.save("comet-cluster-" + i, Map.of("live://" + i, 10 + i), new ConnectionStats(5, 3), null,
                            System.currentTimeMillis() / 1000);
                }
                long readBack = rooms.loadAll().stream().filter(o -> o.server().startsWith("comet-cluster-")).count();
                online = readBack == 6 ? "ok: 6 servers saved (MULTI per ol_ hash) and read back (SCAN on every master)"
                        : "WRONG: " + readBack + " of 6 servers read back";
            } catch (RuntimeException e) {
                online = "FAILED: " + e;
            }
            result.put("online_store", online);
            System.out.println("OnlineStore on the cluster: " + online);

            // throughput of the same lookup code, 1000 mids per call, 4 threads, cluster vs single
            result.put("cluster_mids_per_s", rate(clusterLookup, users, 4, 3000));
            result.put("single_mids_per_s", rate(singleLookup, users, 4, 3000));
            String summary = String.format(java.util.Locale.ROOT,
                    "3 masters; ConnectionLookup.keysOfMids across slots: %s; serversOfKeys (MGET) across slots: %s; "
                            + "SessionStore: %s; OnlineStore: %s; "
                            + "1000-mid lookups, 4 threads: cluster %,.0f mids/s vs single Redis %,.0f mids/s",
                    midsCheck.startsWith("ok") ? "correct" : "WRONG", keysCheck.startsWith("ok") ? "correct" : "WRONG",
                    result.get("session_store").asText().startsWith("ok") ? "correct" : result.get("session_store").asText(),
                    result.get("online_store").asText().startsWith("ok") ? "correct" : result.get("online_store").asText(),
                    result.get("cluster_mids_per_s").asDouble(), result.get("single_mids_per_s").asDouble());
            result.put("summary", summary);
            System.out.println(summary);
        } finally {
            cluster.shutdown();
            standalone.shutdown();
        }
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
    }

    /** RedisClientFactory.create's settings, in cluster mode: the change the service needs for Redis Cluster. */
    static RedissonClient clusterClient(List<String> nodes, int poolSize, int timeoutMillis) {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.setThreads(2);
        config.setNettyThreads(4);
        ClusterServersConfig cluster = config.useClusterServers()
                .addNodeAddress(nodes.toArray(String[]::new))
                .setMasterConnectionPoolSize(poolSize)
                .setMasterConnectionMinimumIdleSize(Math.min(poolSize, 4))
                .setConnectTimeout(Math.max(timeoutMillis, 2000))
                .setTimeout(timeoutMillis)
                .setRetryAttempts(0);
        return Redisson.create(config);
    }

    static void seed(RedissonClient redis, int users, int conns, int servers) {
        int chunk = 5000;
        for (int from = 1; from <= users; from += chunk) {
            RBatch batch = redis.createBatch();
            for (int m = from; m < Math.min(users + 1, from + chunk); m++) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (int c = 0; c < conns; c++) {
                    String server = "comet-" + (((long) m * conns + c) % servers);
                    fields.put(m + "-" + c, server);
                    batch.getBucket("key_" + m + "-" + c, StringCodec.INSTANCE).setAsync(server);
                }
                batch.getMap("mid_" + m, StringCodec.INSTANCE).putAllAsync(fields);
            }
            batch.execute();
        }
    }

    static String check(ServerKeys found, long[] mids, int connected, int conns, int servers) {
        int keys = total(found);
        if (found.unresolvedCount() != mids.length - connected || keys != connected * conns || !placed(found, conns, servers)) {
            return "WRONG: " + keys + " keys, " + found.unresolvedCount() + " unresolved";
        }
        return "ok: " + keys + " keys of " + connected + " mids on " + found.serverCount() + " servers, "
                + found.unresolvedCount() + " unresolved";
    }

    static int total(ServerKeys keys) {
        return keys.asMap().values().stream().mapToInt(List::size).sum();
    }

    static boolean placed(ServerKeys keys, int conns, int servers) {
        for (Map.Entry<String, List<String>> e : keys.asMap().entrySet()) {
            for (String key : e.getValue()) {
                int dash = key.lastIndexOf('-');
                long mid = Long.parseLong(key.substring(0, dash));
                int c = Integer.parseInt(key.substring(dash + 1));
                if (!e.getKey().equals("comet-" + ((mid * conns + c) % servers))) {
                    return false;
                }
            }
        }
        return true;
    }

    static double rate(ConnectionLookup lookup, int users, int threads, long millis) throws Exception {
        // warm-up, then measure
        for (int pass = 0; pass < 2; pass++) {
            long[] done = new long[threads];
            long until = System.currentTimeMillis() + (pass == 0 ? 1000 : millis);
            List<Thread> workers = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int index = t;
                Thread worker = new Thread(() -> {
                    while (System.currentTimeMillis() < until) {
                        int r = ThreadLocalRandom.current().nextInt(users);
                        long[] mids = new long[1000];
                        for (int i = 0; i < mids.length; i++) {
                            mids[i] = (r + (long) i * 7919) % users + 1;
                        }
                        lookup.keysOfMids(mids);
                        done[index] += mids.length;
                    }
                });
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            if (pass == 1) {
                long sum = 0;
                for (long d : done) {
                    sum += d;
                }
                return Math.round(sum / ((System.nanoTime() - start) / 1e9));
            }
        }
        return 0;
    }
}
