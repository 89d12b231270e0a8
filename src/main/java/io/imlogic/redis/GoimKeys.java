package io.imlogic.redis;

/**
 * goim's Redis key names, in one place because a writer here and a reader in another class (or in goim's own job and
 * comet nodes) must agree on every byte of them.
 */
final class GoimKeys {

    /** {@code mid_{mid}}: a hash of the user's connection keys, each → the comet server holding it. */
    static final String MID_PREFIX = "mid_";
    /** {@code key_{key}}: the comet server holding one connection. */
    static final String KEY_PREFIX = "key_";
    /** {@code ol_{server}}: a comet server's room counts, sharded over hash fields. */
    static final String ONLINE_PREFIX = "ol_";

    private GoimKeys() {
    }

    static String mid(long mid) {
        return MID_PREFIX + mid;
    }

    static String key(String key) {
        return KEY_PREFIX + key;
    }

    static String online(String server) {
        return ONLINE_PREFIX + server;
    }
}
