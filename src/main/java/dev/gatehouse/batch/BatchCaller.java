package dev.gatehouse.batch;

import dev.gatehouse.api.RequestOptions;
import dev.gatehouse.auth.KeyRing;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.config.RoutingStrategy;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;

/**
 * Pipeline stage in the place of authentication for batch lines: the line runs as the key that
 * created the batch (found by its hash in the snapshot's key ring, so a key revoked or expired since
 * stops its batch's lines with a 401), its usage record carries the batch id and custom id in its
 * metadata, and it goes to the cheapest deployment of its model group unless the request chose
 * where it goes.
 */
public final class BatchCaller implements Interceptor {

    /** The line this exchange runs; set by the {@link LineRunner} before the pipeline. */
    public static final Exchange.Key<LineRunner.Call> LINE = Exchange.Key.of("batch-line");

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        LineRunner.Call call = ex.get(LINE);
        Principal principal = ex.get(KeyRing.KEY).lookupHash(call.keyHash());
        if (principal == null) {
            throw GatewayError.of(
                    ErrorKind.AUTH_ERROR,
                    "The API key that created batch " + call.batchId() + " is revoked or expired.",
                    null,
                    "invalid_api_key");
        }
        ex.put(Principal.KEY, principal);
        RequestOptions o = RequestOptions.of(ex);
        Map<String, String> metadata = new HashMap<>(o.metadata());
        metadata.put("batch_id", call.batchId());
        metadata.put("batch_custom_id", call.line().customId());
        boolean pinned = o.provider() != null || o.deployment() != null || o.strategy() != null;
        ex.put(
                RequestOptions.KEY,
                new RequestOptions(
                        o.provider(),
                        o.deployment(),
                        pinned ? o.strategy() : RoutingStrategy.CHEAPEST,
                        o.fallbacks(),
                        o.timeout(),
                        o.firstByteTimeout(),
                        o.retries(),
                        o.cache(),
                        o.tags(),
                        metadata,
                        o.prompt(),
                        o.used(),
                        o.priority()));
        return chain.proceed(ex);
    }
}
