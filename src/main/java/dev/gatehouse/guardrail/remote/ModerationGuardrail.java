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
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A guardrail on OpenAI's moderation endpoint: sends the texts as {@code input} (a list) to
 * {@code /moderations} and blocks when a result is {@code flagged} in one of the configured
 * categories (in any, when none are configured). Findings are {@code moderation:<category>}.
 * Never redacts.
 */
public final class ModerationGuardrail implements Guardrail {

    private final String name;
    private final ModerationSettings settings;
    private final HttpClient client;
    private final Duration timeout;

    public ModerationGuardrail(String name, ModerationSettings settings, HttpClient client, Duration timeout) {
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
        body.put("model", settings.model());
        ArrayNode input = body.putArray("input");
        text.segments().forEach(input::add);
        Map<String, String> headers =
                settings.apiKey() == null ? Map.of() : Map.of("authorization", "Bearer " + settings.apiKey());
        return JsonPost.send(client, settings.url(), headers, body, timeout).compose(this::verdict);
    }

    private Future<Verdict> verdict(JsonNode answer) {
        JsonNode results = answer.path("results");
        if (!results.isArray()) {
            return Future.failedFuture("the moderation answer has no results");
        }
        TreeSet<String> flagged = new TreeSet<>();
        for (JsonNode result : results) {
            if (!result.path("flagged").asBoolean(false)) {
                continue;
            }
            result.path("categories").properties().forEach(e -> {
                if (e.getValue().asBoolean(false)) {
                    flagged.add(e.getKey());
                }
            });
        }
        List<String> findings = new ArrayList<>();
        flagged.forEach(c -> findings.add("moderation:" + c));
        List<String> blocking = new ArrayList<>();
        for (String category : flagged) {
            if (settings.categories().isEmpty() || settings.categories().contains(category)) {
                blocking.add(category);
            }
        }
        boolean anyFlagged = false;
        for (JsonNode result : results) {
            anyFlagged |= result.path("flagged").asBoolean(false);
        }
        if (!blocking.isEmpty()
                || (anyFlagged && flagged.isEmpty() && settings.categories().isEmpty())) {
            String which = blocking.isEmpty() ? "" : " (" + String.join(", ", blocking) + ")";
            return Future.succeededFuture(new Verdict.Block("flagged by moderation" + which, findings));
        }
        return Future.succeededFuture(new Verdict.Allow(findings));
    }
}
