package dev.gatehouse.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.api.RequestOption;
import dev.gatehouse.config.GuardrailPolicy;
import dev.gatehouse.hashing.KeyHashing;
import dev.gatehouse.json.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link KeyStore} promises; each implementation's test extends this with its own store. */
public abstract class KeyStoreContract {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final Limits LIMITS = new Limits(
            60L,
            10_000L,
            8_000L,
            2_000L,
            4L,
            1.0,
            BudgetPeriod.MONTH,
            0.5,
            java.util.Map.of("gpt-4o", 5L),
            java.util.Map.of("gpt-4o", 500L, "gpt-4o-mini", 900L));

    protected KeyStore store;

    /** A fresh, empty store. */
    protected abstract KeyStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    @Test
    void concurrentChangesToOneKeyAreNeverLost() throws Exception {
        store.createKey(key("k1", null, null));
        int writers = 4;
        int changesEach = 10;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < changesEach; i++) {
                        String model = "m-" + writer + "-" + i;
                        store.changeKey("k1", k -> {
                            List<String> models = new java.util.ArrayList<>(k.models());
                            models.add(model);
                            return new VirtualKey(
                                    k.id(),
                                    k.hash(),
                                    k.prefix(),
                                    k.alias(),
                                    k.teamId(),
                                    k.userId(),
                                    models,
                                    k.metadata(),
                                    k.expiresAt(),
                                    k.revoked(),
                                    k.admin(),
                                    k.limits(),
                                    k.createdAt(),
                                    k.allowedOptions(),
                                    k.guardrails());
                        });
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.key("k1").orElseThrow().models()).hasSize(1 + writers * changesEach);
        assertThat(store.changeKey("absent", k -> k)).isEmpty();
    }

    private static VirtualKey key(String id, String teamId, String userId) {
        return new VirtualKey(
                id,
                KeyHashing.sha256Hex("sk-gh-" + id),
                "sk-gh-" + id.substring(0, 2),
                "alias " + id,
                teamId,
                userId,
                List.of("gpt-4o*"),
                Json.object().put("owner", "ops"),
                T0.plusSeconds(3600),
                false,
                false,
                LIMITS,
                T0,
                null,
                new GuardrailPolicy(List.of("scrub", "pii"), List.of()));
    }

    @Test
    void roundTripsEveryFieldOfTeamsUsersAndKeys() {
        Team team = store.createTeam(new Team(
                "team-a",
                "Team A",
                List.of("gpt-4o"),
                Json.object().put("cost_center", 7),
                LIMITS,
                T0,
                new GuardrailPolicy(null, List.of("answers"))));
        User user = store.createUser(new User("user-a", "a@example.com", "team-a", Json.object(), Limits.NONE, T0));
        VirtualKey key = store.createKey(key("k1", "team-a", "user-a"));

        assertThat(store.team("team-a")).contains(team);
        assertThat(store.user("user-a")).contains(user);
        assertThat(store.key("k1")).contains(key);
        assertThat(store.snapshot()).isEqualTo(new KeyStore.Snapshot(List.of(team), List.of(user), List.of(key)));
    }

    @Test
    void keepsAKeysAllowedOptionsApartFromTheDefault() {
        store.createKey(key("k1", null, null));
        VirtualKey k2 = key("k2", null, null);
        store.createKey(withOptions(k2, java.util.Set.of(RequestOption.TAGS, RequestOption.CACHE)));

        assertThat(store.key("k1").orElseThrow().allowedOptions())
                .as("no choice: the default")
                .isNull();
        assertThat(store.key("k2").orElseThrow().allowedOptions())
                .containsExactlyInAnyOrder(RequestOption.TAGS, RequestOption.CACHE);

        store.changeKey("k1", k -> withOptions(k, java.util.Set.of(RequestOption.PROVIDER)));
        store.changeKey("k2", k -> withOptions(k, java.util.Set.of()));
        assertThat(store.key("k1").orElseThrow().allowedOptions()).containsExactly(RequestOption.PROVIDER);
        assertThat(store.key("k2").orElseThrow().allowedOptions())
                .as("an empty list is no options, not the default")
                .isEmpty();

        store.changeKey("k2", k -> withOptions(k, null));
        assertThat(store.key("k2").orElseThrow().allowedOptions()).isNull();
        assertThat(store.snapshot().keys())
                .extracting(VirtualKey::allowedOptions)
                .containsExactly(java.util.Set.of(RequestOption.PROVIDER), null);
    }

    private static VirtualKey withOptions(
            VirtualKey k, java.util.@org.jspecify.annotations.Nullable Set<RequestOption> options) {
        return new VirtualKey(
                k.id(),
                k.hash(),
                k.prefix(),
                k.alias(),
                k.teamId(),
                k.userId(),
                k.models(),
                k.metadata(),
                k.expiresAt(),
                k.revoked(),
                k.admin(),
                k.limits(),
                k.createdAt(),
                options,
                k.guardrails());
    }

    @Test
    void aChangeReplacesTheWholeRecord() {
        store.createKey(key("k1", null, null));
        VirtualKey changed = new VirtualKey(
                "k1",
                KeyHashing.sha256Hex("new"),
                "sk-gh-ne",
                null,
                null,
                null,
                List.of(),
                Json.object(),
                null,
                true,
                true,
                Limits.NONE,
                T0,
                java.util.Set.of(RequestOption.TAGS),
                GuardrailPolicy.UNSET);

        assertThat(store.changeKey("k1", k -> changed)).contains(changed);
        assertThat(store.key("k1")).contains(changed);
        assertThat(store.changeKey("absent", k -> changed)).isEmpty();
    }

    @Test
    void refusesAKeyOfATeamThatDoesNotExistAndWritesNothing() {
        assertThatThrownBy(() -> store.createKey(key("k1", "no-such-team", null)))
                .isInstanceOfSatisfying(
                        UnknownReference.class, e -> assertThat(e.field()).isEqualTo("team_id"));
        assertThatThrownBy(() -> store.createKey(key("k2", null, "no-such-user")))
                .isInstanceOfSatisfying(
                        UnknownReference.class, e -> assertThat(e.field()).isEqualTo("user_id"));
        assertThatThrownBy(() -> store.createUser(new User("u", null, "no-such-team", Json.object(), Limits.NONE, T0)))
                .isInstanceOf(UnknownReference.class);

        assertThat(store.snapshot()).isEqualTo(new KeyStore.Snapshot(List.of(), List.of(), List.of()));
    }

    @Test
    void refusesADuplicateIdOrHash() {
        store.createKey(key("k1", null, null));
        assertThatThrownBy(() -> store.createKey(key("k1", null, null))).isInstanceOf(DuplicateId.class);
        assertThat(store.keys()).hasSize(1);
    }

    private static Team team(String id) {
        return new Team(id, null, List.of(), Json.object(), Limits.NONE, T0, GuardrailPolicy.UNSET);
    }

    private static User user(String id, String teamId) {
        return new User(id, null, teamId, Json.object(), Limits.NONE, T0);
    }

    @Test
    void deletesATeamOrUserThatNothingLiveBelongsTo() {
        store.createTeam(team("team-a"));
        store.createUser(user("user-a", null));

        assertThat(store.deleteTeam("team-a")).isTrue();
        assertThat(store.deleteUser("user-a")).isTrue();

        assertThat(store.team("team-a")).isEmpty();
        assertThat(store.user("user-a")).isEmpty();
        assertThat(store.deleteTeam("team-a")).as("already gone").isFalse();
        assertThat(store.deleteUser("no-such-user")).isFalse();
        assertThat(store.snapshot()).isEqualTo(new KeyStore.Snapshot(List.of(), List.of(), List.of()));
    }

    @Test
    void refusesToDeleteATeamWithLiveKeysOrUsersAndDeletesNothing() {
        store.createTeam(team("team-a"));
        store.createUser(user("user-a", "team-a"));
        store.createKey(key("k1", "team-a", null));
        store.createKey(key("k2", "team-a", null));
        KeyStore.Snapshot before = store.snapshot();

        assertThatThrownBy(() -> store.deleteTeam("team-a")).isInstanceOfSatisfying(StillInUse.class, e -> {
            assertThat(e.what()).isEqualTo("team");
            assertThat(e.getMessage())
                    .contains("'team-a' still has 2 live keys and 1 user")
                    .contains("revoke")
                    .contains("team_id");
        });
        assertThat(store.snapshot()).isEqualTo(before);

        store.changeUser("user-a", u -> new User(u.id(), u.email(), null, u.metadata(), u.limits(), u.createdAt()));
        assertThatThrownBy(() -> store.deleteTeam("team-a")).hasMessageContaining("still has 2 live keys;");
    }

    @Test
    void refusesToDeleteAUserWithLiveKeysAndDeletesNothing() {
        store.createUser(user("user-a", null));
        store.createKey(key("k1", null, "user-a"));
        KeyStore.Snapshot before = store.snapshot();

        assertThatThrownBy(() -> store.deleteUser("user-a")).isInstanceOfSatisfying(StillInUse.class, e -> {
            assertThat(e.what()).isEqualTo("user");
            assertThat(e.getMessage())
                    .contains("'user-a' still has 1 live key;")
                    .contains("user_id");
        });
        assertThat(store.snapshot()).isEqualTo(before);
    }

    @Test
    void revokedKeysDoNotBlockADeleteAndStayListedWithoutTheReference() {
        store.createTeam(team("team-a"));
        store.createUser(user("user-a", "team-a"));
        VirtualKey revoked = store.createKey(key("k1", "team-a", "user-a"));
        store.changeKey(revoked.id(), VirtualKey::revoke);

        assertThat(store.deleteUser("user-a")).isTrue();
        assertThat(store.deleteTeam("team-a")).isTrue();

        VirtualKey kept = store.key("k1").orElseThrow();
        assertThat(kept.revoked()).isTrue();
        assertThat(kept.teamId()).isNull();
        assertThat(kept.userId()).isNull();
        assertThat(kept.hash()).isEqualTo(revoked.hash());
        assertThat(store.keys()).extracting(VirtualKey::id).containsExactly("k1");
    }

    /**
     * A delete and a create that names the same team race: one of them wins, the other is refused,
     * and no key ever names a team that is gone (a check-then-act without a lock lets both through).
     */
    @Test
    void aKeyCreatedWhileItsTeamIsDeletedNeverOutlivesTheTeam() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 20; i++) {
                String teamId = "team-" + i;
                String keyId = "k-" + i;
                store.createTeam(team(teamId));
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                java.util.concurrent.Future<Boolean> deleted = pool.submit(() -> {
                    start.await();
                    try {
                        return store.deleteTeam(teamId);
                    } catch (StillInUse e) {
                        return false;
                    }
                });
                java.util.concurrent.Future<Boolean> created = pool.submit(() -> {
                    start.await();
                    try {
                        store.createKey(key(keyId, teamId, null));
                        return true;
                    } catch (UnknownReference e) {
                        return false;
                    }
                });
                boolean teamDeleted = deleted.get(60, java.util.concurrent.TimeUnit.SECONDS);
                boolean keyCreated = created.get(60, java.util.concurrent.TimeUnit.SECONDS);

                assertThat(teamDeleted)
                        .as("round %d: exactly one of delete and create wins", i)
                        .isNotEqualTo(keyCreated);
                assertThat(store.team(teamId).isPresent()).isEqualTo(keyCreated);
                assertThat(store.key(keyId).isPresent()).isEqualTo(keyCreated);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listsKeysOldestFirstWithRevokedOnesKept() {
        store.createKey(key("k1", null, null));
        VirtualKey second = key("k2", null, null);
        store.createKey(new VirtualKey(
                "k2",
                second.hash(),
                second.prefix(),
                null,
                null,
                null,
                List.of(),
                Json.object(),
                null,
                false,
                false,
                Limits.NONE,
                T0.plusSeconds(1),
                null,
                GuardrailPolicy.UNSET));
        store.changeKey("k1", VirtualKey::revoke);

        assertThat(store.keys()).extracting(VirtualKey::id).containsExactly("k1", "k2");
        assertThat(store.key("k1").orElseThrow().revoked()).isTrue();
    }

    /** The sequence instances poll to learn of changes the change bus lost: each write moves it, in its own transaction. */
    @Test
    void everyWriteMovesTheChangeSequence() {
        List<Runnable> writes = List.of(
                () -> store.createTeam(team("team-a")),
                () -> store.updateTeam(team("team-a")),
                () -> store.changeTeam("team-a", t -> t),
                () -> store.createUser(user("user-a", "team-a")),
                () -> store.updateUser(user("user-a", "team-a")),
                () -> store.changeUser("user-a", u -> u),
                () -> store.createKey(key("k1", "team-a", "user-a")),
                () -> store.changeKey("k1", VirtualKey::revoke),
                () -> store.deleteUser("user-a"),
                () -> store.deleteTeam("team-a"));
        long before = store.changeSequence();
        for (Runnable write : writes) {
            write.run();
            long after = store.changeSequence();
            assertThat(after).isGreaterThan(before);
            before = after;
        }
    }

    @Test
    void aRefusedWriteLeavesTheChangeSequence() {
        store.createKey(key("k1", null, null));
        long before = store.changeSequence();

        assertThatThrownBy(() -> store.createKey(key("k1", null, null))).isInstanceOf(DuplicateId.class);
        assertThatThrownBy(() -> store.createKey(key("k2", "no-such-team", null)))
                .isInstanceOf(UnknownReference.class);
        store.createTeam(team("team-a"));
        store.createUser(user("user-a", "team-a"));
        long withTeamAndUser = store.changeSequence();
        assertThatThrownBy(() -> store.deleteTeam("team-a")).isInstanceOf(StillInUse.class);

        assertThat(withTeamAndUser).isEqualTo(before + 2);
        assertThat(store.changeSequence()).isEqualTo(withTeamAndUser);
    }
}
