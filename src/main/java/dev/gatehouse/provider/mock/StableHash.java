package dev.gatehouse.provider.mock;

/**
 * A 64-bit hash that is the same on every JVM and every run, unlike {@link Object#hashCode()} of
 * most types, so the mock's replies and vectors can be seeded from request content. Stateless.
 */
final class StableHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private StableHash() {}

    /** FNV-1a over the UTF-16 code units of each part, with a separator so "ab"+"c" differs from "a"+"bc". */
    static long of(String... parts) {
        long h = FNV_OFFSET;
        for (String part : parts) {
            for (int i = 0; i < part.length(); i++) {
                h = (h ^ part.charAt(i)) * FNV_PRIME;
            }
            h = (h ^ 0xffff) * FNV_PRIME;
        }
        return mix(h);
    }

    static long ofInts(int[] values) {
        long h = FNV_OFFSET;
        for (int v : values) {
            h = (h ^ v) * FNV_PRIME;
        }
        return mix(h);
    }

    /**
     * The seed of one variant (such as choice {@code i} of {@code n}); variant 0 is the base seed
     * itself, so choice 0 of an {@code n > 1} request matches the {@code n = 1} reply.
     */
    static long variant(long seed, int index) {
        return index == 0 ? seed : mix(seed + index * 0x9e3779b97f4a7c15L);
    }

    /** Murmur3's 64-bit finalizer: FNV's low bits are weak, and SplittableRandom uses them all. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb93fe63ad34L;
        return z ^ (z >>> 33);
    }
}
