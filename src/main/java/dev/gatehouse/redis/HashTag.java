package dev.gatehouse.redis;

/**
 * The one rule for naming Gatehouse's Redis keys. Every key starts (after the optional namespace,
 * which has no braces) with the hash tag {@code {gh}}, so Redis Cluster puts every key in one slot:
 * a Lua script or a batch may then touch any of them together (a rate-limit reservation spans the
 * key, user, team and global buckets; a budget reservation every budget scope; a cache write its
 * entry and the additions log), which a cluster refuses across slots ({@code CROSSSLOT}). The price
 * is that all gateway state sits on one master; a cluster then buys failover, not write throughput.
 *
 * <p>A family's prefix carries its layout version ({@code {gh}:rl:v2:}); change the version with
 * the layout, so instances of two versions never read each other's keys.
 */
public final class HashTag {

    /** The hash tag every key carries. */
    public static final String TAG = "{gh}";

    private HashTag() {}

    /** The prefix of one key family, e.g. {@code prefix("rl", 2)} is {@code {gh}:rl:v2:}. */
    public static String prefix(String family, int version) {
        return TAG + ":" + family + ":v" + version + ":";
    }
}
