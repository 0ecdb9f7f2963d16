package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {

    private static boolean matches(String pattern, String model) {
        return Glob.matches(pattern, model);
    }

    @Test
    void matchesGlobPatterns() {
        assertThat(matches("gpt-*", "gpt-4o")).isTrue();
        assertThat(matches("gpt-*", "gpt-")).isTrue();
        assertThat(matches("gpt-*", "chatgpt-4o")).isFalse();
        assertThat(matches("*-mini", "o4-mini")).isTrue();
        assertThat(matches("a*b*c", "aXXbYYc")).isTrue();
        assertThat(matches("a*b*c", "aXXbYY")).isFalse();
        assertThat(matches("*", "")).isTrue();
        assertThat(matches("gpt-4o", "gpt-4o")).isTrue();
        assertThat(matches("gpt-4o", "gpt-4o-mini")).isFalse();
    }
}
