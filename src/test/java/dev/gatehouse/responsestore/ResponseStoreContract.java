package dev.gatehouse.responsestore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@link ResponseStore} contract, run against every implementation. */
abstract class ResponseStoreContract {

    /** A store on a fresh, empty, migrated database. */
    protected abstract ResponseStore store();

    private static final long NOW = 1_760_000_000_000L;
    private static final long DAY = 86_400_000L;

    private static StoredResponse response(String id, String owner, long expiresMs) {
        return new StoredResponse(
                id,
                owner,
                "k1",
                "resp_before",
                NOW,
                expiresMs,
                "[{\"type\":\"message\",\"role\":\"user\",\"id\":\"msg_1\"}]",
                "{\"id\":\"" + id + "\",\"object\":\"response\",\"output\":[]}");
    }

    @Test
    void keepsAResponseAndReadsItBackExactly() {
        ResponseStore store = store();
        StoredResponse kept = response("resp_1", "team:t1", NOW + DAY);

        store.save(kept);

        assertThat(store.find("resp_1", "team:t1", NOW)).contains(kept);
    }

    @Test
    void anotherOwnerFindsNothingAndCannotDelete() {
        ResponseStore store = store();
        store.save(response("resp_1", "team:t1", NOW + DAY));

        assertThat(store.find("resp_1", "team:t2", NOW)).isEmpty();
        assertThat(store.find("resp_1", "key:k1", NOW)).isEmpty();
        assertThat(store.delete("resp_1", "team:t2", NOW)).isFalse();
        assertThat(store.find("resp_1", "team:t1", NOW)).isPresent();
    }

    @Test
    void deletesOnceForItsOwner() {
        ResponseStore store = store();
        store.save(response("resp_1", "key:k1", NOW + DAY));

        assertThat(store.delete("resp_1", "key:k1", NOW)).isTrue();
        assertThat(store.delete("resp_1", "key:k1", NOW)).isFalse();
        assertThat(store.find("resp_1", "key:k1", NOW)).isEmpty();
    }

    @Test
    void anExpiredResponseIsNeverReadAndIsPurged() {
        ResponseStore store = store();
        store.save(response("resp_old", "key:k1", NOW + DAY));
        store.save(response("resp_new", "key:k1", NOW + 3 * DAY));

        assertThat(store.find("resp_old", "key:k1", NOW + DAY)).isEmpty();
        assertThat(store.delete("resp_old", "key:k1", NOW + DAY)).isFalse();
        assertThat(store.purgeExpired(NOW + 2 * DAY)).isEqualTo(1);
        assertThat(store.purgeExpired(NOW + 2 * DAY)).isZero();
        assertThat(store.find("resp_new", "key:k1", NOW + 2 * DAY)).isPresent();
    }

    @Test
    void savingAnIdAgainReplacesIt() {
        ResponseStore store = store();
        store.save(response("resp_1", "key:k1", NOW + DAY));
        StoredResponse replaced =
                new StoredResponse("resp_1", "key:k1", "k1", null, NOW + 5, NOW + 2 * DAY, "[]", "{}");

        store.save(replaced);

        assertThat(store.find("resp_1", "key:k1", NOW)).contains(replaced);
    }
}
