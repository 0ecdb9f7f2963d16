package dev.gatehouse.guardrail.injection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gatehouse.config.ConfigNode;
import dev.gatehouse.config.ConfigProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InjectionSettingsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<ConfigProblem> problems = new ArrayList<>();

    private InjectionSettings read(String yaml) throws Exception {
        ConfigNode node = ConfigNode.of(YAML.readTree(yaml), "guardrails[1]", Map.of(), problems);
        InjectionSettings s = InjectionSettings.read(node);
        node.finish();
        return s;
    }

    @Test
    void readsThresholdAndAction() throws Exception {
        assertThat(read("{threshold: 1.5, action: log_only}"))
                .isEqualTo(new InjectionSettings(1.5, InjectionAction.LOG_ONLY));
        assertThat(read("{}")).isEqualTo(InjectionSettings.defaults());
        assertThat(problems).isEmpty();
    }

    @Test
    void reportsMistakesWithTheirPath() throws Exception {
        read("{threshold: 0, action: shout, level: 3}");
        assertThat(problems)
                .extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder("guardrails[1].threshold", "guardrails[1].action", "guardrails[1].level");
        assertThat(problems.toString()).contains("must be block or log_only, got 'shout'");
    }
}
