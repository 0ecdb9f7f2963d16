package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponsesSettingsTest {

    private static GatewayConfig parse(String yaml) throws ConfigException {
        return new ConfigLoader(Map.of()).parse(yaml, "gatehouse.yaml");
    }

    @Test
    void keepsResponsesThirtyDaysByDefault() throws Exception {
        assertThat(parse("").responses().retention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void readsRetentionInDaysOrAnyDuration() throws Exception {
        assertThat(parse("responses:\n  retention: 7d\n").responses().retention())
                .isEqualTo(Duration.ofDays(7));
        assertThat(parse("responses:\n  retention: 12h\n").responses().retention())
                .isEqualTo(Duration.ofHours(12));
    }

    @Test
    void rejectsAZeroRetentionABadValueAndUnknownFieldsWithTheirPath() {
        assertThatThrownBy(() -> parse("responses:\n  retention: 0d\n"))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems().toString())
                                .contains("responses.retention")
                                .contains("longer than zero"));
        assertThatThrownBy(() -> parse("responses:\n  retention: forever\n"))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems().toString()).contains("responses.retention"));
        assertThatThrownBy(() -> parse("responses:\n  keep: true\n"))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems().toString()).contains("responses.keep"));
    }
}
