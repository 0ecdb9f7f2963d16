package dev.gatehouse.guardrail.pii;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gatehouse.config.ConfigNode;
import dev.gatehouse.config.ConfigProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PiiSettingsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<ConfigProblem> problems = new ArrayList<>();

    private PiiSettings read(String yaml) throws Exception {
        ConfigNode node = ConfigNode.of(YAML.readTree(yaml), "guardrails[0]", Map.of("REGION", "GB"), problems);
        PiiSettings settings = PiiSettings.read(node);
        node.finish();
        return settings;
    }

    @Test
    void readsActionsRegionsAndCustomPatterns() throws Exception {
        PiiSettings s = read("""
                entities: {email: mask_and_restore, card: block, ip: off}
                default_action: log_only
                phone_regions: [us, "${REGION}"]
                custom:
                  - {name: employee_id, pattern: "EMP-\\\\d{6}", action: redact}
                  - {name: ticket, pattern: "TCK-[0-9]+"}
                """);
        assertThat(problems).isEmpty();
        assertThat(s.action(PiiEntity.EMAIL)).isEqualTo(PiiAction.MASK_AND_RESTORE);
        assertThat(s.action(PiiEntity.CARD)).isEqualTo(PiiAction.BLOCK);
        assertThat(s.action(PiiEntity.IP)).isEqualTo(PiiAction.OFF);
        assertThat(s.action(PiiEntity.PHONE)).isEqualTo(PiiAction.LOG_ONLY);
        assertThat(s.phoneRegions()).containsExactly("US", "GB");
        assertThat(s.custom()).extracting(CustomPattern::name).containsExactly("employee_id", "ticket");
        assertThat(s.custom()).extracting(CustomPattern::action).containsExactly(PiiAction.REDACT, PiiAction.LOG_ONLY);
        assertThat(s.custom().get(0).pattern().matcher("EMP-123456").matches()).isTrue();
    }

    @Test
    void defaultsRedactEveryBuiltInType() throws Exception {
        PiiSettings s = read("{}");
        assertThat(problems).isEmpty();
        assertThat(s).isEqualTo(PiiSettings.defaults());
        assertThat(s.entities()).hasSize(PiiEntity.values().length).containsValue(PiiAction.REDACT);
    }

    @Test
    void reportsEveryMistakeWithItsPath() throws Exception {
        read("""
                entities: {email: scramble, passport: redact}
                default_action: hide
                phone_regions: [US, XX]
                custom:
                  - {name: Bad-Name, pattern: "x"}
                  - {name: email, pattern: "x"}
                  - {name: broken, pattern: "([a-z"}
                  - {name: empty, pattern: "a*"}
                  - {name: dup, pattern: "d"}
                  - {name: dup, pattern: "e", colour: red}
                  - {pattern: "y"}
                typo: 1
                """);
        assertThat(problems)
                .extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder(
                        "guardrails[0].default_action",
                        "guardrails[0].entities.email",
                        "guardrails[0].entities.passport",
                        "guardrails[0].phone_regions[1]",
                        "guardrails[0].custom[0].name",
                        "guardrails[0].custom[1].name",
                        "guardrails[0].custom[2].pattern",
                        "guardrails[0].custom[3].pattern",
                        "guardrails[0].custom[5].name",
                        "guardrails[0].custom[5].colour",
                        "guardrails[0].custom[6].name",
                        "guardrails[0].typo");
        assertThat(problems.toString())
                .contains("must be one of redact, mask_and_restore, block, log_only, off, got 'scramble'")
                .contains("is not a PII type; the built-in types are email, phone, card, iban, ssn, ip, secret")
                .contains("is not a region libphonenumber knows")
                .contains("is not a valid regular expression");
    }
}
