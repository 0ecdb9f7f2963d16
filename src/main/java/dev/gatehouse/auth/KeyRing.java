package dev.gatehouse.auth;

import dev.gatehouse.config.GuardrailPolicy;
import dev.gatehouse.config.KeySettings;
import dev.gatehouse.hashing.KeyHashing;
import dev.gatehouse.pipeline.Exchange;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The client keys the gateway accepts, held in memory by SHA-256 hash so that authenticating a
 * request never touches a database and the secrets themselves are never stored. Holds the master
 * key, the keys declared in the config file and the active keys of the {@link KeyStore} (revoked
 * ones are left out). Immutable and safe to share between threads; a new ring replaces the old one
 * when keys change.
 */
public final class KeyRing {

    /** The key ring of the state snapshot a request was admitted under. */
    public static final Exchange.Key<KeyRing> KEY = Exchange.Key.of("key-ring");

    public static final String MASTER_KEY_ID = "master";

    /** A principal and, for stored keys, when it stops working. */
    private record Entry(Principal principal, @Nullable Instant expiresAt) {}

    private final Map<String, Entry> byHash;
    private final InstantSource clock;

    private KeyRing(Map<String, Entry> byHash, InstantSource clock) {
        this.byHash = Map.copyOf(byHash);
        this.clock = clock;
    }

    /**
     * A ring of the master key, the configured keys and the stored keys in {@code stored}. A stored
     * key without models of its own may use its team's models.
     */
    public static KeyRing of(String masterKey, List<KeySettings> keys, KeyStore.Snapshot stored, InstantSource clock) {
        Map<String, Entry> byHash = new HashMap<>();
        Map<String, Team> teams = new HashMap<>();
        stored.teams().forEach(t -> teams.put(t.id(), t));
        Map<String, User> users = new HashMap<>();
        stored.users().forEach(u -> users.put(u.id(), u));
        for (VirtualKey key : stored.keys()) {
            if (key.revoked()) {
                continue;
            }
            User user = key.userId() == null ? null : users.get(key.userId());
            String teamId = key.teamId() != null ? key.teamId() : user == null ? null : user.teamId();
            Team team = teamId == null ? null : teams.get(teamId);
            List<String> models = !key.models().isEmpty() || team == null ? key.models() : team.models();
            byHash.put(
                    key.hash(),
                    new Entry(
                            new Principal(
                                    key.id(),
                                    key.admin(),
                                    models,
                                    key.userId(),
                                    teamId,
                                    key.limits(),
                                    user == null ? Limits.NONE : user.limits(),
                                    team == null ? Limits.NONE : team.limits(),
                                    key.allowedOptions() != null
                                            ? key.allowedOptions()
                                            : Principal.defaultOptions(key.admin()),
                                    key.guardrails(),
                                    team == null ? GuardrailPolicy.UNSET : team.guardrails()),
                            key.expiresAt()));
        }
        for (KeySettings key : keys) {
            byHash.put(key.sha256Hex(), new Entry(new Principal(key.id(), false, key.models()), null));
        }
        byHash.put(KeyHashing.sha256Hex(masterKey), new Entry(new Principal(MASTER_KEY_ID, true, List.of()), null));
        return new KeyRing(byHash, clock);
    }

    /** The principal for a presented secret, or {@code null} when the key is unknown or expired. */
    public @Nullable Principal lookup(String presentedSecret) {
        return lookupHash(KeyHashing.sha256Hex(presentedSecret));
    }

    /**
     * The principal of a key by the SHA-256 of its secret, or {@code null} when no live key has it
     * (for holders of a key's hash only, such as a dashboard session, which must end with its key).
     */
    public @Nullable Principal lookupHash(String sha256Hex) {
        Entry entry = byHash.get(sha256Hex);
        if (entry == null || (entry.expiresAt() != null && !clock.instant().isBefore(entry.expiresAt()))) {
            return null;
        }
        return entry.principal();
    }
}
