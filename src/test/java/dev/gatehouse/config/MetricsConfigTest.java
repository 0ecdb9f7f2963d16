package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code metrics:} section: defaults, values, and problems reported with their paths. */
class MetricsConfigTest {

    private static final String PROVIDERS =
            "providers:\n  m:\n    type: mock\nmodels:\n  - name: \"*\"\n    provider: m\n";

    private static GatewayConfig parse(String yaml) throws ConfigException {
        return new ConfigLoader(Map.of()).parse(PROVIDERS + yaml, "test.yaml");
    }

    @Test
    void withoutTheSectionTheGuardHasItsDefaults() throws Exception {
        assertThat(parse("").metrics()).isEqualTo(new MetricsSettings(1000, 100, 200));
    }

    @Test
    void readsItsLimits() throws Exception {
        assertThat(parse("metrics:\n  max_keys: 20\n  max_tags: 5\n  max_models: 7\n")
                        .metrics())
                .isEqualTo(new MetricsSettings(20, 5, 7));
    }

    @Test
    void reportsEveryProblemWithItsPath() {
        assertThatThrownBy(() -> parse("metrics:\n  max_keys: -1\n  max_tags: many\n  max_series: 3\n"))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .extracting(ConfigProblem::path)
                                .containsExactlyInAnyOrder(
                                        "metrics.max_keys", "metrics.max_tags", "metrics.max_series"));
    }
}
