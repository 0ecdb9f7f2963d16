package dev.gatehouse.guardrail.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.guardrail.Guardrail;
import dev.gatehouse.guardrail.GuardrailText;
import dev.gatehouse.guardrail.Verdict;
import dev.gatehouse.json.Json;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A guardrail that asks a team's own service (Presidio, Lakera, an in-house filter). The gateway
 * POSTs {@code {"direction":"input|output","texts":[...],"model","key_id","team_id"}} and reads
 * {@code {"action":"allow|redact|block","texts":[...],"restore":{placeholder:value},"reason","findings":[...]}}:
 * {@code texts} (as many as were sent) with {@code redact}, {@code restore} optionally with it (the
 * placeholders to put back into the answer), {@code reason} with {@code block}. Anything else
 * fails the check, and its {@code on_error} decides.
 */
public final class WebhookGuardrail implements Guardrail {

    private final String name;
    private final WebhookSettings settings;
    private final HttpClient client;
    private final Duration timeout;

    public WebhookGuardrail(String name, WebhookSettings settings, HttpClient client, Duration timeout) {
        this.name = name;
        this.settings = settings;
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Future<Verdict> check(GuardrailText text) {
        ObjectNode body = Json.object();
        body.put("direction", text.direction().name().toLowerCase(Locale.ROOT));
        ArrayNode texts = body.putArray("texts");
        text.segments().forEach(texts::add);
        body.put("model", text.model());
        body.put("key_id", text.keyId());
        body.put("team_id", text.teamId());
        return JsonPost.send(client, settings.url(), settings.headers(), body, timeout)
                .compose(answer -> verdict(answer, text.segments().size()));
    }

    private static Future<Verdict> verdict(JsonNode answer, int count) {
        List<String> findings = strings(answer.path("findings"));
        String action = answer.path("action").asText("");
        switch (action) {
            case "allow":
                return Future.succeededFuture(new Verdict.Allow(findings));
            case "block":
                String reason = answer.path("reason").asText("");
                return Future.succeededFuture(
                        new Verdict.Block(reason.isBlank() ? "the text was refused" : reason, findings));
            case "redact":
                JsonNode texts = answer.path("texts");
                if (!texts.isArray() || texts.size() != count) {
                    return Future.failedFuture("redact came without one text for each of the " + count + " sent");
                }
                Map<String, String> restore = new LinkedHashMap<>();
                answer.path("restore").properties().forEach(e -> {
                    if (!e.getKey().isEmpty() && e.getValue().isTextual()) {
                        restore.put(e.getKey(), e.getValue().asText());
                    }
                });
                return Future.succeededFuture(new Verdict.Redact(strings(texts), restore, findings));
            default:
                return Future.failedFuture("answered without an action of allow, redact or block");
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) {
            out.add(item.asText());
        }
        return out;
    }
}
