package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatehouse prices} through the real entry point, in a JVM of its own. */
class PricesCommandTest {

    @TempDir
    Path dir;

    @Test
    void showsTheRowAliasSourceAndTierAModelIdGets() throws Exception {
        CliRun run = CliRun.run(
                dir,
                Map.of(),
                "prices",
                "--input-tokens",
                "200001",
                "o3-pro",
                "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
                "us.anthropic.claude-sonnet-4-5-20250929-v1:0");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout())
                .contains("o3-pro\n  row       o3-pro-2025-06-10 (alias o3-pro)\n")
                .contains("  source    https://platform.openai.com/docs/pricing, effective 2025-06-10\n")
                .contains("input 20, cached_input 20, cache_write 20, cache_write_1h 20, output 80, reasoning 80")
                .contains("  row       claude-sonnet-4-5-20250929 (bedrock model id)\n")
                .contains("cache_write 3.75, cache_write_1h 6,")
                .contains("  above 200000 input tokens: input 6, cached_input 0.6, cache_write 7.5, cache_write_1h 12,")
                .contains("  200001 input tokens: the tier above 200000\n")
                // A regional endpoint (us. profile) is the regional row: Anthropic's price + 10%.
                .contains("  row       bedrock-regional/claude-sonnet-4-5-20250929 (bedrock regional endpoint)\n");
    }

    @Test
    void anUnknownIdIsUnpricedAndExitsNonZero() throws Exception {
        CliRun run = CliRun.run(dir, Map.of(), "prices", "gpt-4o", "o3-pro-2099-01-01");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout())
                .contains("  row       gpt-4o-2024-08-06 (alias gpt-4o)")
                .contains("o3-pro-2099-01-01: unpriced");
    }

    @Test
    void aConfigsPricesSectionIsAppliedBeforeTheLookup() throws Exception {
        Path config = Files.writeString(dir.resolve("gatehouse.yaml"), """
                prices:
                  my-finetune: {input: 1.00, output: 4.00, effective_date: 2026-01-01}
                """);

        CliRun run = CliRun.run(dir, Map.of(), "prices", "--config", config.toString(), "my-finetune");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("  source    config, effective 2026-01-01\n");
    }

    @Test
    void checkAcceptsAValidFileAndWarnsAboutAnAliasEntry() throws Exception {
        Path file = Files.writeString(dir.resolve("prices.yaml"), """
                prices:
                  gpt-4o: {input: 2.00, output: 8.00}
                  claude-sonnet-4-5-20250929:
                    input: 3.00
                    cache_write: 3.75
                    cache_write_1h: 6.00
                    output: 15.00
                    tiers:
                      - {above: 200000, input: 6.00, output: 22.50}
                  my-finetune: {input: 1.00, output: 4.00}
                """);

        CliRun run = CliRun.run(dir, Map.of(), "prices", "check", file.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout())
                .contains(file + ": ok (3 prices)")
                .contains("warning: prices.gpt-4o: 'gpt-4o' is an alias of the built-in row gpt-4o-2024-08-06")
                .contains("note: prices.claude-sonnet-4-5-20250929 replaces the built-in row");
    }

    @Test
    void checkListsEveryProblemWithItsPath() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                prices:
                  a: {input: 1.00}
                  b: {input: 1.00, output: 2.00, cache_write_2h: 3.00}
                  c:
                    input: 1.00
                    output: 2.00
                    tiers:
                      - {above: 1000, input: 2.00, output: 4.00}
                      - {above: 1000, input: 3.00, output: 5.00}
                      - {input: 3.00, output: 5.00}
                  d: {input: 1.00, output: 2.00, effective_date: soon}
                surprise: true
                """);

        CliRun run = CliRun.run(dir, Map.of(), "prices", "check", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr())
                .contains(file + ": 6 problems")
                .contains("prices.a: needs input and output")
                .contains("prices.b.cache_write_2h: is not a known field")
                .contains("prices.c.tiers: has two tiers above 1000 tokens")
                .contains("prices.c.tiers[2]: needs above")
                .contains("prices.d.effective_date: must be a date")
                .contains("surprise: is not a known field");
    }
}
