package dev.gatehouse.ratelimit;

import dev.gatehouse.auth.Limits;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.config.LimitSettings;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The buckets a request falls under: its key's, its user's, its team's and the gateway's, in that order. */
public final class LimitScopes {

    private LimitScopes() {}

    /** @param model the public model name the client asked for, which per-model limits are keyed by */
    public static List<Bucket> buckets(Principal principal, LimitSettings global, String model) {
        List<Bucket> out = new ArrayList<>();
        boolean sliding = global.slidingWindow();
        add(out, "key", principal.keyId(), principal.keyLimits(), model, sliding);
        if (principal.userId() != null) {
            add(out, "user", principal.userId(), principal.userLimits(), model, sliding);
        }
        if (principal.teamId() != null) {
            add(out, "team", principal.teamId(), principal.teamLimits(), model, sliding);
        }
        add(
                out,
                "global",
                "*",
                new Limits(
                        global.rpm(),
                        global.tpm(),
                        global.inputTpm(),
                        global.outputTpm(),
                        global.maxParallelRequests(),
                        null,
                        null,
                        null,
                        global.modelRpm(),
                        global.modelTpm()),
                model,
                sliding);
        return out;
    }

    private static void add(List<Bucket> out, String scope, String id, Limits limits, String model, boolean sliding) {
        Long modelRpm = limits.modelRpmLimit().get(model);
        if (modelRpm != null) {
            out.add(new Bucket(scope, id, model, Meter.REQUESTS, modelRpm, sliding));
        }
        Long modelTpm = limits.modelTpmLimit().get(model);
        if (modelTpm != null) {
            out.add(new Bucket(scope, id, model, Meter.TOKENS, modelTpm, sliding));
        }
        addIf(out, scope, id, sliding, Meter.REQUESTS, limits.rpmLimit());
        addIf(out, scope, id, sliding, Meter.TOKENS, limits.tpmLimit());
        addIf(out, scope, id, sliding, Meter.INPUT_TOKENS, limits.inputTpmLimit());
        addIf(out, scope, id, sliding, Meter.OUTPUT_TOKENS, limits.outputTpmLimit());
        addIf(out, scope, id, sliding, Meter.PARALLEL, limits.maxParallelRequests());
    }

    private static void addIf(
            List<Bucket> out, String scope, String id, boolean sliding, Meter meter, @Nullable Long limit) {
        if (limit != null) {
            out.add(new Bucket(scope, id, null, meter, limit, sliding));
        }
    }
}
