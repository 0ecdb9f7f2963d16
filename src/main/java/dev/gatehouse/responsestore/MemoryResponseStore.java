package dev.gatehouse.responsestore;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link ResponseStore} in this process's memory, for a gateway that keeps nothing beyond its run
 * (the warm-up's private front). Thread-safe; never blocks, though callers treat it as if it did.
 */
public final class MemoryResponseStore implements ResponseStore {

    private final ConcurrentMap<String, StoredResponse> responses = new ConcurrentHashMap<>();

    @Override
    public void save(StoredResponse response) {
        responses.put(response.id(), response);
    }

    @Override
    public Optional<StoredResponse> find(String id, String owner, long nowMs) {
        StoredResponse r = responses.get(id);
        return r != null && r.owner().equals(owner) && r.expiresMs() > nowMs ? Optional.of(r) : Optional.empty();
    }

    @Override
    public boolean delete(String id, String owner, long nowMs) {
        return find(id, owner, nowMs).map(r -> responses.remove(id, r)).orElse(false);
    }

    @Override
    public int purgeExpired(long nowMs) {
        int before = responses.size();
        responses.values().removeIf(r -> r.expiresMs() <= nowMs);
        return before - responses.size();
    }
}
