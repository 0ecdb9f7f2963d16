package dev.gatehouse.cache.semantic;

import java.util.function.Supplier;

/**
 * Keeps the embedding libraries off the network. DJL's HuggingFace tokenizer, when it is created, asks
 * the EC2 metadata address (169.254.169.254) for an instance id and sends a telemetry request to S3
 * unless {@code OPT_OUT_TRACKING} is true ({@code ai.djl.util.Ec2Utils.callHome}); and on a platform
 * whose native library is not in its jar it downloads one unless offline mode ({@code ai.djl.offline})
 * is on. A gateway must not call out by itself, so both are switched off before the first load, unless
 * the operator set them explicitly.
 */
final class OfflineModelLoad {

    private OfflineModelLoad() {}

    static <T> T load(Supplier<T> loader) {
        setUnlessSet("ai.djl.offline", "DJL_OFFLINE");
        setUnlessSet("OPT_OUT_TRACKING", "OPT_OUT_TRACKING");
        return loader.get();
    }

    private static void setUnlessSet(String property, String env) {
        if (System.getProperty(property) == null && System.getenv(env) == null) {
            System.setProperty(property, "true");
        }
    }
}
