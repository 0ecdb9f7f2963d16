package dev.gatehouse.responsestore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The kept responses as the event loops use them: every {@link ResponseStore} call runs on a worker
 * thread and comes back as a future on the caller's context. Only a Responses request's own data is
 * read (its {@code previous_response_id} chain), and only when the client asked for it.
 */
public final class ResponseArchive {

    /** How far back a conversation is followed; a longer chain is cut at its oldest end. */
    static final int MAX_CHAIN = 1000;

    private final Vertx vertx;
    private final ResponseStore store;
    private final InstantSource clock;

    public ResponseArchive(Vertx vertx, ResponseStore store, InstantSource clock) {
        this.vertx = vertx;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Keeps a response for {@code retention}.
     *
     * @param inputItems its input items as {@code input_items} lists them
     * @param response the Response object the client receives
     */
    public Future<Void> keep(
            String owner, String keyId, List<? extends JsonNode> inputItems, ObjectNode response, Duration retention) {
        long now = clock.millis();
        JsonNode previous = response.get("previous_response_id");
        StoredResponse row = new StoredResponse(
                response.path("id").asText(),
                owner,
                keyId,
                previous != null && previous.isTextual() ? previous.asText() : null,
                now,
                now + retention.toMillis(),
                Json.MAPPER.valueToTree(inputItems).toString(),
                response.toString());
        return vertx.executeBlocking(
                () -> {
                    store.save(row);
                    return null;
                },
                false);
    }

    public Future<Optional<StoredResponse>> find(String id, String owner) {
        long now = clock.millis();
        return vertx.executeBlocking(() -> store.find(id, owner, now), false);
    }

    public Future<Boolean> delete(String id, String owner) {
        long now = clock.millis();
        return vertx.executeBlocking(() -> store.delete(id, owner, now), false);
    }

    /** Deletes what has expired; returns how many. */
    public Future<Integer> purgeExpired() {
        long now = clock.millis();
        return vertx.executeBlocking(() -> store.purgeExpired(now), false);
    }

    /**
     * The conversation that ends with response {@code id}, oldest first, as far back as its responses
     * are kept; empty when {@code id} itself is not found for {@code owner}.
     */
    public Future<List<StoredResponse>> chain(String id, String owner) {
        long now = clock.millis();
        return vertx.executeBlocking(
                () -> {
                    Deque<StoredResponse> chain = new ArrayDeque<>();
                    @Nullable String next = id;
                    while (next != null && chain.size() < MAX_CHAIN) {
                        Optional<StoredResponse> found = store.find(next, owner, now);
                        if (found.isEmpty()) {
                            break;
                        }
                        chain.addFirst(found.get());
                        next = found.get().previousId();
                    }
                    return new ArrayList<>(chain);
                },
                false);
    }

    /** The items a kept response adds to its conversation: its input items, then its output. */
    public static List<JsonNode> items(StoredResponse response) {
        List<JsonNode> items = new ArrayList<>();
        Json.parse(response.inputItems()).forEach(items::add);
        Json.parse(response.response()).path("output").forEach(items::add);
        return items;
    }
}
