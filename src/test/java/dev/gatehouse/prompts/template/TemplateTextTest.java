package dev.gatehouse.prompts.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTextTest {

    @Test
    void insertsValuesVerbatimWithoutReadingThemAsTemplates() {
        TemplateText t = TemplateText.parse("Hello {{ name }}, from {{city}}.");
        assertThat(t.names()).containsExactly("name", "city");
        assertThat(t.render(Map.of("name", "{{city}}", "city", "Oslo"))).isEqualTo("Hello {{city}}, from Oslo.");
    }

    @Test
    void anEscapedOpeningIsLiteral() {
        assertThat(TemplateText.parse("\\{{x}} and }} stay").render(Map.of())).isEqualTo("{{x}} and }} stay");
    }

    @Test
    void reportsSyntaxErrorsWithTheirCharacter() {
        assertThatThrownBy(() -> TemplateText.parse("Hi {{name"))
                .isInstanceOfSatisfying(
                        TemplateSyntaxException.class,
                        e -> assertThat(e.position()).isEqualTo(4))
                .hasMessageContaining("never closed");
        assertThatThrownBy(() -> TemplateText.parse("ab {{ 1x }}"))
                .isInstanceOfSatisfying(
                        TemplateSyntaxException.class,
                        e -> assertThat(e.position()).isEqualTo(4));
        assertThatThrownBy(() -> TemplateText.parse("{{}}")).hasMessageContaining("names no variable");
    }

    @Test
    void aSplitPicksEachArmByItsWeight() {
        LabelTarget split = new LabelTarget(java.util.List.of(new LabelTarget.Arm(3, 90), new LabelTarget.Arm(4, 10)));
        assertThat(split.pick(0)).isEqualTo(3);
        assertThat(split.pick(89)).isEqualTo(3);
        assertThat(split.pick(90)).isEqualTo(4);
        assertThat(split.pick(99)).isEqualTo(4);
        assertThat(split.stickyTicket("greet", "production", "ana"))
                .isEqualTo(split.stickyTicket("greet", "production", "ana"));
    }
}
