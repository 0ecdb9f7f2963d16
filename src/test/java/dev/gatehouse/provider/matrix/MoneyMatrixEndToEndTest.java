package dev.gatehouse.provider.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.provider.matrix.MoneyWire.Bill;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.FakeUpstream.After;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The money matrix of issue #9, end to end through the real server: every dialect × {JSON, stream,
 * stream cut after its first text delta} × the cache classes the provider has {none, cache read,
 * 5-minute write, 1-hour write} × {below, above the 200k long-context threshold} where the model has
 * tiers. The upstream answers in its own wire format ({@link MoneyWire}) with the bill's counts in
 * its own usage fields; the usage record must carry the bill's tokens per class, and its cost must
 * equal the bill computed here from the list prices, typed in below from {@code prices.yaml} (never
 * by calling the gateway's price code). A cut stream is charged the prompt counts the provider had
 * already reported (Anthropic's {@code message_start}, Gemini's first chunk), or else the gateway's
 * count of the prompt (15 o200k_base tokens), plus the estimate of the text it forwarded ("Hello!",
 * 2 tokens), and is marked estimated.
 */
class MoneyMatrixEndToEndTest {

    /** Dollars per million tokens of one tier: input, cache read, 5-minute write, 1-hour write, output. */
    record Rates(double input, double read, double write5m, double write1h, double output) {}

    enum Mode {
        JSON,
        STREAM,
        CUT
    }

    enum Cache {
        NONE,
        READ,
        WRITE_5M,
        WRITE_1H
    }

    /**
     * One deployment under test.
     *
     * @param above the rates of prompts over 200,000 tokens, or {@code null} when the model has one price
     */
    record Row(
            String name,
            MoneyWire wire,
            List<Cache> caches,
            Rates below,
            @Nullable Rates above) {}

    private static final String CHAT = """
            {"model":"money-%s","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"}],
             "max_completion_tokens":400%s}""";
    private static final String STREAM = ",\"stream\":true,\"stream_options\":{\"include_usage\":true}";
    private static final long PROMPT_ESTIMATE = 15;
    private static final long FIRST_DELTA_ESTIMATE = 2;
    private static final long OUTPUT = 300;
    private static final long TIER = 200_000;

    private static final List<Cache> NO_CACHE = List.of(Cache.NONE);
    private static final List<Cache> READS = List.of(Cache.NONE, Cache.READ);
    private static final List<Cache> READS_AND_WRITES = List.of(Cache.values());

    private static final List<Row> ROWS = List.of(
            // gpt-4.1: input 2.00, cached input 0.50, output 8.00.
            new Row("openai", new MoneyWire.OpenAi(), READS, new Rates(2.00, 0.50, 0, 0, 8.00), null),
            // gpt-4o-prod, priced by the config's prices: section: 2.50, cached 1.25, output 10.00.
            new Row("azure", new MoneyWire.OpenAi(), READS, new Rates(2.50, 1.25, 0, 0, 10.00), null),
            // mistral-large-latest is mistral-large-2512: 0.50 / 1.50, no prompt cache.
            new Row("mistral", new MoneyWire.OpenAi(), NO_CACHE, new Rates(0.50, 0, 0, 0, 1.50), null),
            // claude-sonnet-4-20250514; above 200k input tokens the long-context rates.
            new Row(
                    "anthropic",
                    new MoneyWire.Anthropic(),
                    READS_AND_WRITES,
                    new Rates(3.00, 0.30, 3.75, 6.00, 15.00),
                    new Rates(6.00, 0.60, 7.50, 12.00, 22.50)),
            // us.anthropic.claude-sonnet-4-5-20250929-v1:0, a regional endpoint: Anthropic's prices + 10%.
            new Row(
                    "bedrock",
                    new MoneyWire.Bedrock(),
                    READS_AND_WRITES,
                    new Rates(3.30, 0.33, 4.125, 6.60, 16.50),
                    new Rates(6.60, 0.66, 8.25, 13.20, 24.75)),
            // gemini-2.5-pro: 1.25 / 0.125 cached / 10.00; above 200k 2.50 / 0.25 / 15.00.
            new Row(
                    "gemini",
                    new MoneyWire.Gemini(),
                    READS,
                    new Rates(1.25, 0.125, 0, 0, 10.00),
                    new Rates(2.50, 0.25, 0, 0, 15.00)),
            // command-a-03-2025: 2.50 / 10.00, charged on billed units.
            new Row("cohere", new MoneyWire.Cohere(), NO_CACHE, new Rates(2.50, 0, 0, 0, 10.00), null));

    private static final Map<String, FakeUpstream> FAKES = new java.util.LinkedHashMap<>();
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        for (Row row : ROWS) {
            FAKES.put(row.name(), new FakeUpstream());
        }
        StringBuilder yaml = new StringBuilder(TestGateway.SINGLE_ATTEMPT)
                .append("  health_check_interval: 0s\n")
                .append("providers:\n");
        provider(yaml, "openai", new OpenAiDialect().providerYaml(root("openai")));
        provider(yaml, "azure", new AzureDialect().providerYaml(root("azure")));
        provider(
                yaml,
                "mistral",
                "type: openai\nprofile: mistral\napi_key: sk-mistral-money\nbase_url: "
                        + FAKES.get("mistral").baseUrl());
        provider(yaml, "anthropic", new AnthropicDialect().providerYaml(root("anthropic")));
        provider(yaml, "bedrock", new BedrockDialect().providerYaml(root("bedrock")));
        provider(yaml, "gemini", new GeminiDialect().providerYaml(root("gemini")));
        provider(yaml, "cohere", new CohereDialect().providerYaml(root("cohere")));
        yaml.append("""
                models:
                  - {name: money-openai, provider: openai, model: gpt-4.1}
                  - {name: money-azure, provider: azure, model: gpt-4o-prod}
                  - {name: money-mistral, provider: mistral, model: mistral-large-latest}
                  - {name: money-anthropic, provider: anthropic, model: claude-sonnet-4-20250514}
                  - {name: money-bedrock, provider: bedrock, model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0"}
                  - {name: money-gemini, provider: gemini, model: gemini-2.5-pro}
                  - {name: money-cohere, provider: cohere, model: command-a-03-2025}
                prices:
                  gpt-4o-prod: {input: 2.50, cached_input: 1.25, output: 10.00, effective_date: 2025-10-01}
                """);
        gateway = TestGateway.start(yaml.toString());
    }

    private static String root(String name) {
        String url = FAKES.get(name).baseUrl();
        return url.substring(0, url.length() - "/v1".length());
    }

    private static void provider(StringBuilder yaml, String name, String fields) {
        yaml.append("  ").append(name).append(":\n");
        for (String line : fields.strip().split("\n")) {
            yaml.append("    ").append(line).append('\n');
        }
    }

    @AfterAll
    static void stop() {
        gateway.close();
        FAKES.values().forEach(FakeUpstream::close);
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Row row : ROWS) {
            for (Mode mode : Mode.values()) {
                for (Cache cache : row.caches()) {
                    cases.add(Arguments.of(
                            row.name() + " " + mode + " " + cache + " below", row, mode, bill(cache, false)));
                    if (row.above() != null) {
                        cases.add(Arguments.of(
                                row.name() + " " + mode + " " + cache + " above", row, mode, bill(cache, true)));
                    }
                }
            }
        }
        return cases.stream();
    }

    /** The bill of a cache class, with a prompt of a few thousand tokens or one over the 200k threshold. */
    private static Bill bill(Cache cache, boolean above) {
        return switch (cache) {
            case NONE -> above ? new Bill(210_000, 0, 0, 0, OUTPUT) : new Bill(1200, 0, 0, 0, OUTPUT);
            case READ -> above ? new Bill(10_000, 195_000, 0, 0, OUTPUT) : new Bill(50, 1800, 0, 0, OUTPUT);
            case WRITE_5M -> above ? new Bill(5000, 0, 200_000, 0, OUTPUT) : new Bill(50, 0, 2000, 0, OUTPUT);
            case WRITE_1H -> above ? new Bill(5000, 0, 100_000, 100_000, OUTPUT) : new Bill(50, 0, 1000, 2000, OUTPUT);
        };
    }

    /** The bill at list price: every class at its own rate, all at the tier the whole prompt falls in. */
    private static double dollars(Row row, Bill b) {
        Rates r = row.above() != null && b.prompt() > TIER ? row.above() : row.below();
        return (b.uncached() * r.input()
                        + b.read() * r.read()
                        + b.write5m() * r.write5m()
                        + b.write1h() * r.write1h()
                        + b.output() * r.output())
                / 1_000_000.0;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void theRecordChargesTheProvidersBill(String name, Row row, Mode mode, Bill bill) throws Exception {
        FakeUpstream fake = FAKES.get(row.name());
        MoneyWire wire = row.wire();
        Bill charged = bill;
        boolean estimated = false;
        switch (mode) {
            case JSON -> fake.then(wire.json(bill));
            case STREAM ->
                fake.then(
                        new FakeUpstream.Frames(wire.streamContentType(), wire.stream(bill), Duration.ZERO, After.END));
            case CUT -> {
                List<io.vertx.core.buffer.Buffer> frames = wire.stream(bill).subList(0, wire.framesBeforeCut());
                fake.then(new FakeUpstream.Frames(wire.streamContentType(), frames, Duration.ZERO, After.END));
                charged = wire.promptCountedBeforeCut()
                        ? new Bill(bill.uncached(), bill.read(), bill.write5m(), bill.write1h(), FIRST_DELTA_ESTIMATE)
                        : new Bill(PROMPT_ESTIMATE, 0, 0, 0, FIRST_DELTA_ESTIMATE);
                estimated = true;
            }
        }
        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(
                        URI.create(gateway.baseUrl() + "/chat/completions"))
                .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted(row.name(), mode == Mode.JSON ? "" : STREAM)))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        UsageRecord r = record(response);
        assertThat(r.inputTokens()).as(name + " input").isEqualTo(charged.prompt());
        assertThat(r.cachedTokens()).as(name + " cache reads").isEqualTo(charged.read());
        assertThat(r.cacheWriteTokens()).as(name + " cache writes").isEqualTo(charged.writes());
        assertThat(r.outputTokens()).as(name + " output").isEqualTo(charged.output());
        assertThat(r.estimated()).as(name + " estimated").isEqualTo(estimated);
        assertThat(r.costUsd()).as(name + " cost").isCloseTo(dollars(row, charged), within(1e-12));
    }

    private static UsageRecord record(HttpResponse<String> response) {
        String id = response.headers().firstValue("x-request-id").orElseThrow();
        return await("usage record of " + id)
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> {
                            gateway.server().usage().writer().flushed().get(10, TimeUnit.SECONDS);
                            return gateway.server().usage().store().find(id);
                        },
                        Objects::nonNull);
    }
}
