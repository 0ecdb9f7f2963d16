package dev.gatehouse.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigProblem;
import dev.gatehouse.config.PriceSheet;
import dev.gatehouse.config.Prices;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PriceTableTest {

    private final PriceTable table = PriceTable.builtIn();

    /** The ids issue #9 found priced as a cousin, each with the row it must get and that row's input and output. */
    @ParameterizedTest
    @CsvSource({
        "o3-pro,                       o3-pro-2025-06-10,           20.00,  80.00",
        "o3,                           o3-2025-04-16,               2.00,   8.00",
        "o1-pro,                       o1-pro-2025-03-19,           150.00, 600.00",
        "o1,                           o1-2024-12-17,               15.00,  60.00",
        "gpt-5-pro,                    gpt-5-pro-2025-10-06,        15.00,  120.00",
        "gpt-5,                        gpt-5-2025-08-07,            1.25,   10.00",
        "o3-deep-research,             o3-deep-research-2025-06-26, 10.00,  40.00",
        "gpt-4o-2024-05-13,            gpt-4o-2024-05-13,           5.00,   15.00",
        "gpt-4o,                       gpt-4o-2024-08-06,           2.50,   10.00",
        "claude-opus-4-5,              claude-opus-4-5-20251101,    5.00,   25.00",
        "claude-opus-4-5-20251101,     claude-opus-4-5-20251101,    5.00,   25.00",
        "claude-opus-4-0,              claude-opus-4-20250514,      15.00,  75.00",
        "command-r7b-12-2024,          command-r7b-12-2024,         0.0375, 0.15",
        "command-r,                    command-r-08-2024,           0.15,   0.60",
        "gemini-2.0-flash-lite,        gemini-2.0-flash-lite-001,   0.075,  0.30",
        "gemini-2.0-flash,             gemini-2.0-flash-001,        0.10,   0.40",
        "mistral-large-latest,         mistral-large-2512,          0.50,   1.50",
        "claude-opus-5-5,              claude-opus-5-5,             4.00,   20.00",
        "claude-opus-4-6,              claude-opus-4-6,             5.00,   25.00",
        "claude-sonnet-4-6,            claude-sonnet-4-6,           3.00,   15.00",
        "claude-sonnet-5,              claude-sonnet-5,             2.00,   10.00",
        "claude-haiku-5-5,             claude-haiku-5-5,            0.10,   0.50",
        "claude-fable-5,               claude-fable-5,              10.00,  50.00",
        "gpt-5.6-sol,                  gpt-5.6-sol,                 5.00,   30.00",
        "gpt-5.6-terra,                gpt-5.6-terra,               2.00,   12.00",
        "gpt-5.6-luna,                 gpt-5.6-luna,                0.20,   1.20",
        "gpt-5.5,                      gpt-5.5,                     5.00,   30.00",
        "gpt-5.4,                      gpt-5.4,                     2.50,   15.00",
        "gpt-5.4-mini,                 gpt-5.4-mini,                0.75,   4.50",
        "gpt-5.4-nano,                 gpt-5.4-nano,                0.20,   1.25",
        "gpt-5.3-codex,                gpt-5.3-codex,               1.75,   14.00",
        "gpt-5.2,                      gpt-5.2,                     1.75,   14.00",
        "gemini-3.5-flash,             gemini-3.5-flash,            1.50,   9.00",
        "models/gemini-3.1-pro-preview, gemini-3.1-pro-preview,     2.00,   12.00",
        "gemini-3-flash-preview,       gemini-3-flash-preview,      0.50,   3.00",
        "deepseek-chat,                deepseek-v4-flash,           0.14,   0.28",
        "deepseek-v4-pro,              deepseek-v4-pro,             1.74,   3.48",
        "mistral-medium-latest,        mistral-medium-3.5,          1.50,   7.50",
    })
    void findsTheExactRowOfEveryIdNeverACousin(String id, String row, double input, double output) {
        PriceTable.Entry entry = table.find(id);

        assertThat(entry).as(id).isNotNull();
        assertThat(entry.model()).isEqualTo(row);
        assertThat(entry.prices().input()).isEqualTo(input);
        assertThat(entry.prices().output()).isEqualTo(output);
    }

    @ParameterizedTest
    @CsvSource({
        "models/gemini-2.5-flash,                            gemini-2.5-flash,             gemini resource name",
        "anthropic.claude-sonnet-4-5-20250929-v1:0,          bedrock-regional/claude-sonnet-4-5-20250929, bedrock regional endpoint",
        "us.anthropic.claude-opus-4-5-20251101-v1:0,         bedrock-regional/claude-opus-4-5-20251101,   bedrock regional endpoint",
        "eu.anthropic.claude-haiku-4-5-20251001-v1:0,        bedrock-regional/claude-haiku-4-5-20251001,  bedrock regional endpoint",
        "global.anthropic.claude-haiku-4-5-20251001-v1:0,    claude-haiku-4-5-20251001,    bedrock model id",
        "global.anthropic.claude-sonnet-4-5-20250929-v1:0,   claude-sonnet-4-5-20250929,   bedrock model id",
        "us.anthropic.claude-sonnet-4-20250514-v1:0,         claude-sonnet-4-20250514,     bedrock model id",
        "amazon.nova-pro-v1:0,                               amazon.nova-pro,              bedrock model id",
        "us.meta.llama4-maverick-17b-instruct-v1:0,          meta.llama4-maverick-17b-instruct, bedrock model id",
        "gpt-35-turbo,                                       gpt-3.5-turbo-0125,           azure model name",
    })
    void providerIdShapesFindTheirRowByADocumentedRule(String id, String row, String rule) {
        PriceTable.Match match = table.lookup(id);

        assertThat(match).as(id).isNotNull();
        assertThat(match.entry().model()).isEqualTo(row);
        assertThat(match.rule()).isEqualTo(rule);
    }

    /** Ids the old longest-prefix search priced as a cousin: unknown to the table, so unpriced. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "o3-pro-2099-01-01",
                "gpt-4o-audio-preview",
                "gpt-4o-2099-01-01",
                "claude-opus-4-5-20990101",
                "claude-sonnet-4-5-preview",
                "command-r-plus-04-2024",
                "gemini-2.0-flash-thinking-exp",
                "mistral-large-2402",
                "llama-3.1-8b",
                "openai/gpt-4o",
                "anthropic.claude-sonnet-4-7-20990101-v1:0",
                "cohere.command-r-plus-v1:0",
                ""
            })
    void anIdMatchingNothingExactlyIsUnpriced(String id) {
        assertThat(table.find(id)).isNull();
    }

    @Test
    void aPromptOfExactlyTwoHundredThousandTokensIsNotLongContext() {
        Prices sonnet = table.find("claude-sonnet-4-5").prices();

        assertThat(sonnet.tierAt(200_000)).isNull();
        assertThat(sonnet.cost(200_000, 0, 0, 1000)).isCloseTo((200_000 * 3.00 + 1000 * 15.00) / 1e6, within(1e-12));
        assertThat(sonnet.tierAt(200_001).above()).isEqualTo(200_000);
        assertThat(sonnet.cost(200_001, 0, 0, 1000)).isCloseTo((200_001 * 6.00 + 1000 * 22.50) / 1e6, within(1e-12));
    }

    @Test
    void haikuFiveFiveIsChargedItsHigherRatesOnEveryTokenOfAPromptOverOneHundredThousand() {
        Prices haiku = table.find("claude-haiku-5-5").prices();

        // 60k uncached + 40k cache reads is exactly 100k: the lower band.
        assertThat(haiku.tierAt(100_000)).isNull();
        assertThat(haiku.cost(100_000, 40_000, 0, 1000))
                .isCloseTo((60_000 * 0.10 + 40_000 * 0.01 + 1000 * 0.50) / 1e6, within(1e-12));
        // One more cache-write token makes it a 100,001-token prompt, so all of it, output
        // included, is at the higher band.
        double over = haiku.cost(new Prices.Tokens(100_001, 40_000, 1, 0, 1000, 0));
        assertThat(haiku.tierAt(100_001).above()).isEqualTo(100_000);
        assertThat(over).isCloseTo((60_000 * 0.50 + 40_000 * 0.05 + 1 * 0.625 + 1000 * 2.50) / 1e6, within(1e-12));
    }

    /** Anthropic lists its 1M-window models at one rate for the whole window: no 200k tier. */
    @ParameterizedTest
    @ValueSource(strings = {"claude-opus-4-6", "claude-sonnet-4-6", "claude-opus-5-5", "claude-fable-5"})
    void oneMillionTokenClaudeModelsHaveNoLongContextTier(String model) {
        Prices prices = table.find(model).prices();

        assertThat(prices.tiers()).as(model).isEmpty();
        assertThat(prices.cost(900_000, 0, 0, 0)).isCloseTo(900_000 * prices.input() / 1e6, within(1e-12));
    }

    @Test
    void theLongContextTierCountsCachedAndWrittenTokensAsPrompt() {
        Prices pro = table.find("models/gemini-2.5-pro").prices();

        // 150k uncached + 60k cache reads: a 210k prompt, so every class is at the >200k rates.
        double cost = pro.cost(210_000, 60_000, 0, 2000);

        assertThat(cost).isCloseTo((150_000 * 2.50 + 60_000 * 0.25 + 2000 * 15.00) / 1e6, within(1e-12));
    }

    @Test
    void openAiLongPromptsAboveTwoHundredSeventyTwoThousandTokensPayTheTierOnEveryToken() {
        Prices gpt55 = table.find("gpt-5.5").prices();
        Prices luna = table.find("gpt-5.6-luna").prices();

        assertThat(gpt55.cost(272_000, 72_000, 0, 1000))
                .isCloseTo((200_000 * 5.00 + 72_000 * 0.50 + 1000 * 30.00) / 1e6, within(1e-12));
        assertThat(gpt55.cost(272_001, 72_000, 0, 1000))
                .isCloseTo((200_001 * 10.00 + 72_000 * 1.00 + 1000 * 45.00) / 1e6, within(1e-12));
        // GPT-5.6 Luna's long-prompt band starts at 200k, and it prices cache writes.
        assertThat(luna.cost(new Prices.Tokens(210_000, 10_000, 20_000, 0, 1000, 0)))
                .isCloseTo((180_000 * 0.40 + 10_000 * 0.04 + 20_000 * 0.50 + 1000 * 1.80) / 1e6, within(1e-12));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "claude-sonnet-4-5-20250929",
                "claude-haiku-4-5-20251001",
                "claude-opus-4-5-20251101",
                "claude-opus-5-5",
                "claude-opus-5",
                "claude-opus-4-8",
                "claude-opus-4-7",
                "claude-opus-4-6",
                "claude-sonnet-5",
                "claude-sonnet-4-6",
                "claude-haiku-5-5",
                "claude-fable-5"
            })
    void bedrockRegionalEndpointsCostTenPercentMoreInEveryClassAndTier(String model) {
        Prices global = table.find("global.anthropic." + model + "-v1:0").prices();
        Prices regional = table.find("us.anthropic." + model + "-v1:0").prices();
        assertThat(global).isEqualTo(table.find(model).prices());
        // 1,000 uncached, 2,000 cache reads, 3,000 writes of which 1,000 for an hour, 500 output; and
        // the same above the 200k long-context threshold where the model has one.
        for (Prices.Tokens tokens : List.of(
                new Prices.Tokens(6000, 2000, 3000, 1000, 500, 0),
                new Prices.Tokens(250_000, 2000, 3000, 1000, 500, 0))) {
            assertThat(regional.cost(tokens)).as(model).isCloseTo(1.10 * global.cost(tokens), within(1e-12));
        }
    }

    @Test
    void oneHourCacheWritesCostTwiceTheInputAndFiveMinuteWritesOneAndAQuarter() {
        Prices haiku = table.find("claude-haiku-4-5").prices();

        // 100 uncached, 1000 written for 5 minutes, 2000 written for an hour, 10 output.
        double cost = haiku.cost(new Prices.Tokens(3100, 0, 3000, 2000, 10, 0));

        assertThat(haiku.cacheWrite()).isEqualTo(1.25 * haiku.input());
        assertThat(haiku.cacheWrite1h()).isEqualTo(2 * haiku.input());
        assertThat(cost).isCloseTo((100 * 1.00 + 1000 * 1.25 + 2000 * 2.00 + 10 * 5.00) / 1e6, within(1e-12));
    }

    @Test
    void theBuiltInTableHasNoDuplicateOrShadowedIdAndCitesEveryRow() throws Exception {
        String yaml;
        try (InputStream in = PriceTable.class.getResourceAsStream("/prices.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        PriceSheet sheet = PriceSheet.parse(yaml, "prices.yaml");

        assertThat(sheet.rows()).extracting(PriceSheet.Row::id).doesNotHaveDuplicates();
        for (PriceSheet.Row row : sheet.rows()) {
            assertThat(sheet.aliases()).as(row.id() + " is also an alias").doesNotContainKey(row.id());
            assertThat(row.source()).as(row.id() + " source").startsWith("https://");
            assertThat(row.effectiveDate()).as(row.id() + " date").isAfter(LocalDate.of(2020, 1, 1));
            // A row whose id a provider rule rewrites is only ever reached by that exact spelling.
            assertThat(ProviderModelIds.rewrite(row.id()))
                    .as(row.id() + " is a provider id shape")
                    .isNull();
        }
        sheet.aliases().forEach((alias, target) -> {
            assertThat(table.lookup(alias).entry().model()).as(alias).isEqualTo(target);
            assertThat(ProviderModelIds.rewrite(alias))
                    .as(alias + " is a provider id shape")
                    .isNull();
        });
    }

    @Test
    void aSheetReportsDuplicateShadowedAndDanglingIdsWithTheirPaths() {
        String yaml = """
                providers:
                  a:
                    source: https://example.com/a
                    effective_date: 2025-01-01
                    models:
                      m-1: {input: 1, output: 2}
                      m-2: {input: 1, output: 2}
                    aliases:
                      m-2: m-1
                      m: m-9
                      n: m
                  b:
                    source: https://example.com/b
                    effective_date: 2025-01-01
                    models:
                      m-1: {input: 3, output: 4}
                """;

        assertThatThrownBy(() -> PriceSheet.parse(yaml, "sheet"))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .extracting(ConfigProblem::path)
                                .containsExactlyInAnyOrder(
                                        "providers.b.models.m-1",
                                        "providers.a.aliases.m-2",
                                        "providers.a.aliases.m",
                                        "providers.a.aliases.n"));
        assertThatThrownBy(() -> PriceSheet.parse(
                        "providers:\n  a:\n    source: s\n    effective_date: 2025-01-01\n    models:\n"
                                + "      m: {input: 1, output: 2}\n      m: {input: 3, output: 4}\n",
                        "sheet"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Duplicate field 'm'");
    }

    @Test
    void aTierLeavingOutAClassKeepsItsRatioToTheTiersInput() throws Exception {
        PriceSheet sheet = PriceSheet.parse("""
                providers:
                  a:
                    source: https://example.com
                    effective_date: 2025-01-01
                    models:
                      m: {input: 3, cached_input: 0.3, cache_write: 3.75, cache_write_1h: 6, output: 15,
                          tiers: [{above: 200000, input: 6, output: 22.5}]}
                """, "sheet");

        Prices tier = sheet.rows().get(0).prices().tiers().get(0).prices();

        assertThat(tier.cachedInput()).isEqualTo(0.6);
        assertThat(tier.cacheWrite()).isEqualTo(7.5);
        assertThat(tier.cacheWrite1h()).isEqualTo(12);
        assertThat(tier.reasoning()).isEqualTo(22.5);
    }
}
