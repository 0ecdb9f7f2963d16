package dev.gatehouse.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.PriceOverride;
import dev.gatehouse.config.Prices;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostTest {

    private static GatewayConfig parse(String yaml) throws ConfigException {
        return new ConfigLoader(Map.of()).parse(yaml, "test");
    }

    @Test
    void configPricesOverrideAndExtendTheBuiltInTable() throws Exception {
        GatewayConfig config = parse("""
                prices:
                  gpt-4o: {input: 2.00, output: 8.00, effective_date: 2026-01-01}
                  my-finetune: {input: 1.00, cached_input: 0.10, cache_write: 1.25, output: 4.00, context_window: 32000}
                """);
        PriceTable table = PriceTable.builtIn().with(config.usage().prices());

        PriceTable.Entry gpt4o = table.find("gpt-4o");
        assertThat(gpt4o.prices()).isEqualTo(new Prices(2.00, 2.00, 2.00, 8.00));
        assertThat(gpt4o.contextWindow()).as("kept from the built-in table").isEqualTo(128000);
        assertThat(gpt4o.effectiveDate()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(gpt4o.source()).isEqualTo("config");
        assertThat(table.find("gpt-4o-2024-08-06").prices().input())
                .as("an entry named like an alias answers for that name only")
                .isEqualTo(2.50);
        PriceTable.Entry added = table.find("my-finetune");
        assertThat(added.prices()).isEqualTo(new Prices(1.00, 0.10, 1.25, 4.00));
        assertThat(added.contextWindow()).isEqualTo(32000);
        assertThat(added.effectiveDate()).isEqualTo(PriceTable.builtIn().effectiveDate());
        assertThat(PriceTable.builtIn().find("my-finetune"))
                .as("the built-in table is untouched")
                .isNull();
    }

    @Test
    void rejectsAPriceWithoutInputOrOutput() {
        assertThatThrownBy(() -> parse("prices:\n  x: {input: 1.0}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("prices.x");
        assertThatThrownBy(() -> parse("prices:\n  x: {input: 1.0, output: 2.0, effective_date: soon}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("effective_date");
    }

    @Test
    void chargesCachedAndCacheWrittenTokensAtTheirOwnRateOnce() {
        Cost cost = new Cost();
        // claude-sonnet-4-5: 3.00 input, 0.30 cache read, 3.75 cache write, 15.00 output.
        Usage usage = new Usage(2098, 1800, 248, 503, false);
        Double usd = cost.of(usage, null, "claude-sonnet-4-5-20250929", Map.of());
        assertThat(usd).isCloseTo((50 * 3.00 + 1800 * 0.30 + 248 * 3.75 + 503 * 15.00) / 1e6, within(1e-12));
    }

    @Test
    void chargesOneHourCacheWritesAndLongPromptsThroughUsage() {
        Cost cost = new Cost();
        // claude-sonnet-4-5: 1000 written for 5 minutes at 3.75, 2000 for an hour at 6.00.
        Usage oneHour = new Usage(4850, 1800, 3000, 2000, 503, 0, false);
        assertThat(cost.of(oneHour, null, "claude-sonnet-4-5", Map.of()))
                .isCloseTo((50 * 3.00 + 1800 * 0.30 + 1000 * 3.75 + 2000 * 6.00 + 503 * 15.00) / 1e6, within(1e-12));
        Usage longPrompt = new Usage(300_000, 0, 0, 0, 100, 0, false);
        assertThat(cost.of(longPrompt, null, "models/gemini-2.5-pro", Map.of()))
                .isCloseTo((300_000 * 2.50 + 100 * 15.00) / 1e6, within(1e-12));
    }

    @Test
    void reasoningIsChargedAtItsOwnRateWhereItDiffers() throws Exception {
        GatewayConfig config = parse("""
                prices:
                  thinker: {input: 1.00, output: 2.00, reasoning: 5.00}
                """);
        Usage usage = new Usage(0, 0, 0, 0, 100, 60, false);
        assertThat(new Cost().of(usage, null, "thinker", config.usage().prices()))
                .isCloseTo((40 * 2.00 + 60 * 5.00) / 1e6, within(1e-12));
    }

    @Test
    void aDeploymentsOwnPricesWinOverTheTable() {
        Double usd = new Cost().of(new Usage(1_000_000, 0, 0, 0, false), new Prices(9, 9, 9, 9), "gpt-4o", Map.of());
        assertThat(usd).isEqualTo(9.0);
    }

    @Test
    void anUnknownModelCostsNullAndIsCountedNeverZero() {
        Cost cost = new Cost();
        assertThat(cost.of(new Usage(100, 0, 0, 10, false), null, "no-such-model-xyz", Map.of()))
                .isNull();
        assertThat(cost.of(new Usage(100, 0, 0, 10, false), null, "no-such-model-xyz", Map.of()))
                .isNull();
        assertThat(cost.unpriced()).isEqualTo(2);
        Map<String, PriceOverride> priced =
                Map.of("no-such-model-xyz", new PriceOverride(new Prices(1, 1, 1, 1), null, null));
        assertThat(cost.of(new Usage(1_000_000, 0, 0, 0, false), null, "no-such-model-xyz", priced))
                .isEqualTo(1.0);
    }
}
