package dev.gatehouse.responsestore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.NativeRequest;
import dev.gatehouse.api.ValidateRequest;
import dev.gatehouse.api.responses.ResponsesRequestReader;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Pipeline stage: a Responses request with {@code previous_response_id} continues a kept
 * conversation. The chain of kept responses is read on a worker (the request's own data, read only
 * when it names one) and the canonical request is rebuilt with their input and output items before
 * the current input, so every provider sees the whole conversation, whichever provider answered the
 * earlier turns. An id the caller's team (or key) does not own, or one past its retention, is a 404.
 * Other requests pass untouched.
 */
public final class ContinueConversation implements Interceptor {

    private final ResponseArchive archive;

    public ContinueConversation(ResponseArchive archive) {
        this.archive = archive;
    }

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        CanonicalRequest request = ex.get(CanonicalRequest.KEY);
        NativeRequest responses = request.nativeIn(NativeRequest.Dialect.OPENAI_RESPONSES);
        ObjectNode body = ex.find(ValidateRequest.BODY);
        if (responses == null || body == null) {
            return chain.proceed(ex);
        }
        JsonNode previous = body.get("previous_response_id");
        if (previous == null || !previous.isTextual()) {
            return chain.proceed(ex);
        }
        String id = previous.asText();
        return archive.chain(id, ResponseOwner.of(ex.get(Principal.KEY))).compose(kept -> {
            if (kept.isEmpty()) {
                return Future.failedFuture(GatewayError.of(
                        ErrorKind.NOT_FOUND,
                        "Previous response with id '" + id + "' not found.",
                        "previous_response_id",
                        "previous_response_not_found"));
            }
            List<JsonNode> history = new ArrayList<>();
            for (StoredResponse response : kept) {
                history.addAll(ResponseArchive.items(response));
            }
            ex.put(
                    CanonicalRequest.KEY,
                    ResponsesRequestReader.canonical(body, history).withNative(responses));
            return chain.proceed(ex);
        });
    }
}
