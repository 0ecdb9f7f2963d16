package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatehouse cache eval} through the real entry point, in a JVM of its own. */
class CacheEvalCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsTheSweepPerKindCountsAndTheNearMissesItServed() throws Exception {
        Path pairs = Files.writeString(dir.resolve("pairs.jsonl"), """
                {"a": "How do I reset my password?", "b": "how do i reset my password", "same": true, "kind": "typo"}
                {"a": "Where is my order?", "b": "Could you tell me where my order is?", "same": true, "kind": "politeness"}
                {"a": "Turn on dark mode.", "b": "Turn off dark mode.", "same": false, "kind": "direction"}
                {"a": "Convert 5 miles to km.", "b": "Convert 8 miles to km.", "same": false, "kind": "number"}
                """);

        CliRun run = CliRun.run(
                dir, Map.of(), "cache", "eval", pairs.toString(), "--thresholds", "0.5,0.99", "--threshold", "0.5");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout())
                .contains("4 pairs: 2 paraphrases, 2 near misses; model all-minilm-l6-v2-q, check NearMissCheck")
                // at 0.5 both paraphrases pass, both near misses are close enough but the check refuses them
                .containsPattern("0\\.50 +100\\.0% +2 +0\\.0% +0 +\\| +100\\.0% +2 +100\\.0% +2")
                .containsPattern("0\\.99 +\\d+\\.\\d% +\\d +0\\.0% +0")
                .contains("thresholds meeting both targets: ")
                .contains("built-in default: 0.80")
                .contains("per kind at 0.50")
                .containsPattern("near miss +direction +0 / +1 +\\(1\\)")
                .containsPattern("paraphrase +typo +1 / +1 +\\(1\\)")
                .doesNotContain("near misses served at");
    }

    @Test
    void aFileThatIsNotLabelledPairsIsAnErrorNamingTheLine() throws Exception {
        Path pairs =
                Files.writeString(dir.resolve("bad.jsonl"), "{\"a\": \"x\", \"b\": \"y\", \"same\": true}\nnot json\n");

        CliRun run = CliRun.run(dir, Map.of(), "cache", "eval", pairs.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("bad.jsonl: line 2: expected {");
    }
}
