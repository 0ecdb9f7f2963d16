package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.usage.PriceTable;
import org.junit.jupiter.api.Test;

class PriceTableTest {

    private final PriceTable table = PriceTable.builtIn();

    @Test
    void findsModelsByTheirProviderNamesWithDatesAndPrefixes() {
        assertThat(table.find("gpt-4o-mini-2024-07-18").model()).isEqualTo("gpt-4o-mini");
        assertThat(table.find("gpt-4o-2024-08-06").model()).isEqualTo("gpt-4o");
        assertThat(table.find("anthropic.claude-sonnet-4-5-20250929-v1:0").model())
                .isEqualTo("claude-sonnet-4-5");
        assertThat(table.find("models/gemini-2.5-flash").model()).isEqualTo("gemini-2.5-flash");
        assertThat(table.find("chatgpt-4o-latest")).isNull();
        assertThat(table.find("llama-3.1-8b")).isNull();
    }

    @Test
    void chargesCachedAndCacheWrittenTokensAtTheirOwnRates() {
        var sonnet = table.find("claude-sonnet-4-5").prices();

        // 1,000 input of which 600 cache reads and 200 cache writes, 100 output.
        double cost = sonnet.cost(1000, 600, 200, 100);

        assertThat(cost)
                .isCloseTo(
                        (200 * 3.00 + 600 * 0.30 + 200 * 3.75 + 100 * 15.00) / 1_000_000,
                        org.assertj.core.data.Offset.offset(1e-12));
    }
}
