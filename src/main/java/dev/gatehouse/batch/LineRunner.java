package dev.gatehouse.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;

/**
 * Runs one batch line through the gateway's request pipeline as the batch's key. Implemented by the
 * server, which owns the pipeline. Called on the runner's event loop; never blocks; the future does
 * not fail: a refusal or a provider error is an answer with its status and OpenAI error body.
 */
public interface LineRunner {

    /** A line and the batch it belongs to. */
    record Call(String batchId, String keyHash, BatchLine line) {}

    /** What the client would have got: status, request id and JSON body. */
    record Answer(int status, String requestId, JsonNode body) {}

    Future<Answer> run(Call call);

    /**
     * Whether the line may wait in a provider batch (hours, not seconds): such lines do not take one
     * of the batch's {@code batches.concurrency} slots, so a provider batch gets them all at once.
     */
    default boolean parks(Call call) {
        return false;
    }

    /** The batch was cancelled: lines waiting in provider batches are to be cancelled there too. */
    default void cancelled(String batchId) {}
}
