package dev.gatehouse.fleet;

import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.Fleet;
import java.util.List;

/** The configs and the counting upstream the fleet tests share. */
final class FleetConfigs {

    /** The configured price: $1,000 per million tokens, in and out, so one token costs $0.001. */
    static final double USD_PER_TOKEN = 0.001;

    /** What the upstream's answer ({@code openai/chat-completion.json}) reports using. */
    static final long PROMPT_TOKENS = 19;

    static final long COMPLETION_TOKENS = 10;

    private FleetConfigs() {}

    /** An OpenAI-format upstream answering every chat completion with the same fixture. */
    static FakeUpstream upstream() {
        FakeUpstream upstream = new FakeUpstream();
        upstream.onPath("/v1/models", FakeUpstream.json(200, "{\"object\":\"list\",\"data\":[]}"));
        upstream.always(FakeUpstream.json(200, Fixtures.text("openai/chat-completion.json")));
        return upstream;
    }

    /** The chat completions {@code upstream} received (health probes and listings left out). */
    static long calls(FakeUpstream upstream) {
        return upstream.received().stream()
                .filter(r -> r.method().equals("POST"))
                .count();
    }

    /** Model {@code metered} on {@code upstream}, priced; no retries, so one request is one upstream call. */
    static String metered(FakeUpstream upstream) {
        return metered(upstream, "");
    }

    /** As {@link #metered(FakeUpstream)}, with {@code sections} (top-level YAML) added. */
    static String metered(FakeUpstream upstream, String sections) {
        return """
                router:
                  retries: 0
                providers:
                  fake:
                    type: openai
                    base_url: %s
                    api_key: sk-upstream-fleet-000000000001
                models:
                  - name: metered
                    provider: fake
                    model: gpt-4.1
                    prices:
                      input: 1000
                      output: 1000
                """.formatted(upstream.baseUrl()) + sections + Fleet.SHARED;
    }

    static String ask(String text, int maxTokens) {
        return "{\"model\":\"metered\",\"max_tokens\":" + maxTokens + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + text + "\"}]}";
    }

    static List<Integer> statuses(List<java.net.http.HttpResponse<String>> answers) {
        return answers.stream().map(java.net.http.HttpResponse::statusCode).toList();
    }
}
