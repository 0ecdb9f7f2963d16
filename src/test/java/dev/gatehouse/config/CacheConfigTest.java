package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheConfigTest {

    private static final String PROVIDERS = """
            providers:
              openai:
                type: openai
            """;

    private static GatewayConfig parse(String yaml) throws ConfigException {
        return new ConfigLoader(Map.of()).parse(PROVIDERS + yaml, "test.yaml");
    }

    private static ConfigException problems(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected problems");
    }

    @Test
    void theCacheIsOffByDefault() throws Exception {
        GatewayConfig config = parse("models:\n  - name: a\n    provider: openai\n");
        assertThat(config.cache()).isEqualTo(CacheSettings.defaults());
        assertThat(config.cache().on()).isFalse();
        assertThat(config.cache().scope()).isEqualTo(CacheSettings.Scope.TEAM);
        assertThat(config.cacheFor(config.models().get(0))).isEqualTo(CacheSettings.defaults());
    }

    @Test
    void aGroupSectionOverridesTheTopLevelFieldByField() throws Exception {
        GatewayConfig config = parse("""
                cache:
                  mode: semantic
                  ttl: 2h
                  scope: key
                  max_entries: 5000
                  semantic:
                    threshold: 0.95
                models:
                  - name: a
                    provider: openai
                  - name: b
                    provider: openai
                    cache:
                      mode: exact
                      scope: global
                  - name: c
                    provider: openai
                    cache:
                      mode: off
                """);
        CacheSettings top = config.cache();
        assertThat(top.mode()).isEqualTo(CacheSettings.Mode.SEMANTIC);
        assertThat(top.ttl()).isEqualTo(Duration.ofHours(2));
        assertThat(top.maxEntries()).isEqualTo(5000);
        assertThat(top.threshold()).isEqualTo(0.95);
        assertThat(config.cacheFor(config.models().get(0))).isEqualTo(top);
        CacheSettings b = config.cacheFor(config.models().get(1));
        assertThat(b.mode()).isEqualTo(CacheSettings.Mode.EXACT);
        assertThat(b.scope()).isEqualTo(CacheSettings.Scope.GLOBAL);
        assertThat(b.ttl()).isEqualTo(Duration.ofHours(2));
        assertThat(b.threshold()).isEqualTo(0.95);
        assertThat(config.cacheFor(config.models().get(2)).on()).isFalse();
    }

    @Test
    void everyBadFieldIsReportedWithItsPath() {
        ConfigException e = problems("""
                cache:
                  mode: fuzzy
                  ttl: forever
                  scope: planet
                  colour: red
                  semantic:
                    threshold: 1.5
                    embedding_model: ""
                models:
                  - name: a
                    provider: openai
                    cache:
                      max_entries: 10
                """);
        assertThat(e.problems())
                .extracting(ConfigProblem::path)
                .contains(
                        "cache.mode",
                        "cache.ttl",
                        "cache.scope",
                        "cache.colour",
                        "cache.semantic.threshold",
                        "cache.semantic.embedding_model",
                        "models[0].cache.max_entries");
        assertThat(e.getMessage()).contains("must be one of off, exact, semantic, got 'fuzzy'");
    }
}
