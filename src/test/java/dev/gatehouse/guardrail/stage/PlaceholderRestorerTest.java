package dev.gatehouse.guardrail.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholderRestorerTest {

    @Test
    void holdsBackOnlyWhatCouldStillBecomeAPlaceholder() {
        PlaceholderRestorer r = new PlaceholderRestorer(Map.of("<EMAIL_1>", "ann@example.com"));
        assertThat(r.feed("Hi <EM")).isEqualTo("Hi ");
        assertThat(r.feed("AIL_1> and <")).isEqualTo("ann@example.com and ");
        assertThat(r.feed("3 ok")).isEqualTo("<3 ok");
        assertThat(r.feed("end <E")).isEqualTo("end ");
        assertThat(r.flush()).isEqualTo("<E");
    }

    @Test
    void restoresEveryPlaceholderInAWholeText() {
        PlaceholderRestorer r = new PlaceholderRestorer(Map.of("[A]", "x", "[B]", "y"));
        assertThat(r.restoreAll("[A][B][A]")).isEqualTo("xyx");
    }
}
