package dev.gatehouse.auth;

import dev.gatehouse.api.RequestOption;
import dev.gatehouse.config.Glob;
import dev.gatehouse.config.GuardrailPolicy;
import dev.gatehouse.pipeline.Exchange;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling: the virtual key a request authenticated with, what it may do, and the limits of
 * every scope it belongs to, all resolved when the key ring was built so no request reads a store.
 *
 * @param keyId the key's stable id (safe to log; never the secret)
 * @param admin whether the key may use the admin API
 * @param allowedModels model names or {@code *} patterns the key may use; empty means every model
 * @param userId the user owning the key, or null
 * @param teamId the team the key belongs to, or null
 * @param keyLimits the key's own limits and budget
 * @param userLimits its user's ({@link Limits#NONE} without a user)
 * @param teamLimits its team's ({@link Limits#NONE} without a team)
 * @param allowedOptions the {@code x-gateway-options} choices the key may make
 * @param keyGuardrails the guardrail policy stored with the key ({@link GuardrailPolicy#UNSET}: none)
 * @param teamGuardrails the one stored with its team
 */
public record Principal(
        String keyId,
        boolean admin,
        List<String> allowedModels,
        @Nullable String userId,
        @Nullable String teamId,
        Limits keyLimits,
        Limits userLimits,
        Limits teamLimits,
        Set<RequestOption> allowedOptions,
        GuardrailPolicy keyGuardrails,
        GuardrailPolicy teamGuardrails) {

    public static final Exchange.Key<Principal> KEY = Exchange.Key.of("principal");

    public Principal {
        allowedModels = List.copyOf(allowedModels);
        allowedOptions = Set.copyOf(allowedOptions);
    }

    /**
     * A principal of no user or team and without limits (config-declared keys, the master key), with
     * the options its kind of key may use by default.
     */
    public Principal(String keyId, boolean admin, List<String> allowedModels) {
        this(
                keyId,
                admin,
                allowedModels,
                null,
                null,
                Limits.NONE,
                Limits.NONE,
                Limits.NONE,
                defaultOptions(admin),
                GuardrailPolicy.UNSET,
                GuardrailPolicy.UNSET);
    }

    /** What a key whose admin chose no options may use: an admin key every option, others all but the pins. */
    public static Set<RequestOption> defaultOptions(boolean admin) {
        return admin ? RequestOption.ALL : RequestOption.DEFAULT_ALLOWED;
    }

    public boolean mayUse(RequestOption option) {
        return allowedOptions.contains(option);
    }

    public boolean mayUse(String model) {
        if (allowedModels.isEmpty()) {
            return true;
        }
        for (String allowed : allowedModels) {
            if (Glob.matches(allowed, model)) {
                return true;
            }
        }
        return false;
    }
}
