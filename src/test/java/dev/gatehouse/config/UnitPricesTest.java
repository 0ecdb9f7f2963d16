package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Prices by unit in the price table: read strictly, and each unit charged at its own rate. */
class UnitPricesTest {

    private static PriceSheet sheet(String models) throws ConfigException {
        return PriceSheet.parse("""
                providers:
                  acme:
                    source: https://example.test/pricing
                    effective_date: 2025-01-01
                    models:
                %s""".formatted(models.indent(6)), "prices.yaml");
    }

    private static Prices prices(PriceSheet sheet, String id) {
        return sheet.rows().stream()
                .filter(r -> r.id().equals(id))
                .findFirst()
                .orElseThrow()
                .prices();
    }

    @Test
    void pricesImagesByQualityAndSizeThenSizeThenDefault() throws Exception {
        Prices p =
                prices(sheet("painter: {per_image: {default: 0.04, 1024x1792: 0.08, hd/1024x1792: 0.12}}"), "painter");

        assertThat(p.cost(BilledUnits.images(2, "1024x1792", "hd"))).isCloseTo(0.24, within(1e-12));
        assertThat(p.cost(BilledUnits.images(1, "1024x1792", "standard"))).isCloseTo(0.08, within(1e-12));
        assertThat(p.cost(BilledUnits.images(3, null, null))).isCloseTo(0.12, within(1e-12));
    }

    @Test
    void pricesMinutesCharactersAndSearchUnitsAlongsideTokens() throws Exception {
        PriceSheet s = sheet("""
                ears: {per_minute: 0.006}
                voice: {per_character: 0.000015}
                ranker: {search_unit: 0.002}
                mixed: {input: 1.0, output: 2.0, per_image: 0.01}
                """);

        assertThat(prices(s, "ears").cost(BilledUnits.seconds(90))).isCloseTo(0.009, within(1e-12));
        assertThat(prices(s, "voice").cost(BilledUnits.characters(1000))).isCloseTo(0.015, within(1e-12));
        assertThat(prices(s, "ranker").cost(BilledUnits.searchUnits(3))).isCloseTo(0.006, within(1e-12));
        Prices mixed = prices(s, "mixed");
        assertThat(mixed.cost(1_000_000, 0, 0, 0) + mixed.cost(BilledUnits.images(1, null, null)))
                .isCloseTo(1.01, within(1e-12));
    }

    @Test
    void aRowNeedsTokenPricesOrAUnitPriceAndRefusesUnknownOrNegativeOnes() {
        assertThatThrownBy(() -> sheet("nothing: {context_window: 1000}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs input and output")
                .hasMessageContaining("or a unit price");
        assertThatThrownBy(() -> sheet("typo: {per_imag: 0.04}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("per_imag");
        assertThatThrownBy(() -> sheet("negative: {per_minute: -1}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("per_minute");
    }
}
