package dev.gatehouse.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.PromptReference;
import dev.gatehouse.api.RequestOption;
import dev.gatehouse.api.RequestOptions;
import dev.gatehouse.api.RequestOptionsReader;
import dev.gatehouse.api.ValidateRequest;
import dev.gatehouse.auth.Principal;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Interceptor;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.prompts.template.PromptTemplate;
import dev.gatehouse.prompts.template.RenderedMessage;
import io.vertx.core.Future;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Pipeline stage, right before validation: a chat completions or Responses request that names a
 * prompt template (the body's {@code prompt} field, or {@code x-gateway-options.prompt}) is rendered
 * into the request body every later stage sees, validation first, so the rendered request is checked
 * like any other and the cache, idempotency, guardrails and the provider see only it. The template
 * comes from the state snapshot's {@link PromptRegistry} (no store read); the version is the one
 * named, or the label's (an arm of a split chosen at random, or by the body's {@code user}). Other
 * requests pass untouched. Event loop; never blocks.
 */
public final class RenderPrompt implements Interceptor {

    static final String CHAT_PATH = "/v1/chat/completions";
    static final String RESPONSES_PATH = "/v1/responses";
    private static final String BODY_FIELD = "prompt";

    @Override
    public Future<Reply> intercept(Exchange ex, Chain chain) {
        PromptReference fromOptions = RequestOptions.of(ex).prompt();
        String path = ex.request().path();
        boolean chat = path.equals(CHAT_PATH);
        if ((!chat && !path.equals(RESPONSES_PATH)) || ex.has(ValidateRequest.UPLOAD)) {
            if (fromOptions != null) {
                throw GatewayError.of(
                        ErrorKind.INVALID_REQUEST,
                        "Prompt templates apply to " + CHAT_PATH + " and " + RESPONSES_PATH + " only.",
                        fromOptions.param(),
                        "invalid_value");
            }
            return chain.proceed(ex);
        }
        ObjectNode body = ValidateRequest.parseBody(ex.request().body());
        ex.put(ValidateRequest.BODY, body);
        PromptReference reference = reference(ex, body, fromOptions);
        if (reference == null) {
            return chain.proceed(ex);
        }
        PromptRegistry registry = ex.find(PromptRegistry.KEY);
        PromptTemplate template = registry == null ? null : registry.find(reference.id());
        if (template == null) {
            throw GatewayError.of(
                    ErrorKind.NOT_FOUND,
                    "No prompt template with id '" + reference.id() + "' exists.",
                    reference.param() + ".id",
                    "prompt_not_found");
        }
        JsonNode user = body.get("user");
        PromptTemplate.Choice choice = template.choose(
                reference.version(),
                reference.label(),
                user != null && user.isTextual() ? user.asText() : null,
                reference.param());
        List<RenderedMessage> messages =
                choice.version().render(reference.variables(), reference.param() + ".variables");
        ObjectNode rendered = chat
                ? RenderedBody.chat(body, choice.version(), messages)
                : RenderedBody.responses(body, choice.version(), messages);
        ex.put(ValidateRequest.BODY, rendered);
        ex.put(ValidateRequest.BODY_BYTES, Json.encode(rendered));
        PromptUse use = new PromptUse(template.id(), choice.version().number(), choice.label());
        ex.put(PromptUse.KEY, use);
        ex.replyHeader("x-gatehouse-prompt", use.id() + "@" + use.version());
        return chain.proceed(ex);
    }

    /** The request's template choice, from the body or the options (not both), or {@code null}. */
    private static @Nullable PromptReference reference(
            Exchange ex, ObjectNode body, @Nullable PromptReference fromOptions) {
        JsonNode field = body.get(BODY_FIELD);
        if (field == null || field.isNull()) {
            return fromOptions;
        }
        if (fromOptions != null) {
            throw GatewayError.of(
                    ErrorKind.INVALID_REQUEST,
                    "The body's 'prompt' and '" + RequestOptionsReader.HEADER
                            + ".prompt' both name a template. Name it in one place.",
                    BODY_FIELD,
                    "conflicting_options");
        }
        // The header's option was checked against the key's allowed options already; the body's is here.
        Principal principal = ex.find(Principal.KEY);
        if (principal != null && !principal.mayUse(RequestOption.PROMPT)) {
            throw GatewayError.of(
                    ErrorKind.PERMISSION_DENIED,
                    "This API key is not allowed to use the option 'prompt' (sent as 'prompt'). An admin can"
                            + " grant it in the key's 'allowed_options'.",
                    BODY_FIELD,
                    "option_not_allowed");
        }
        return PromptReference.read(field, BODY_FIELD);
    }
}
