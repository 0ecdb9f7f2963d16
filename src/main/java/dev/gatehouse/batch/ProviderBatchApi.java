package dev.gatehouse.batch;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One provider's batch API, in its own wire format: submit requests the provider's adapter built,
 * look at the batch, read its results, cancel it. Called on event loops; never blocks.
 */
interface ProviderBatchApi {

    /**
     * One request of the batch.
     *
     * @param customId the provider-side custom id ({@code line-n}: both providers accept it)
     * @param body the request body the adapter built for a single call
     */
    record Request(String customId, Buffer body) {}

    /** How one request ended at the provider. */
    sealed interface Outcome {}

    /** The provider answered it: what a single call would have returned (status and body in its dialect). */
    record Answered(int status, Buffer body) implements Outcome {}

    /** The provider never ran it: the batch expired ({@code batch_expired}) or was cancelled ({@code batch_cancelled}). */
    record Unrun(String code) implements Outcome {}

    /**
     * Submits the requests as one batch.
     *
     * @param sample a single call's request as the adapter built it: its URL's base and its headers (auth)
     * @return the provider's batch id
     */
    Future<String> submit(ProviderCall sample, List<Request> requests);

    /** The outcomes by provider custom id once the batch has ended; null while it still runs. */
    Future<@Nullable Map<String, Outcome>> poll(ProviderCall sample, String batchId);

    Future<Void> cancel(ProviderCall sample, String batchId);
}
