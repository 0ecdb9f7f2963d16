package dev.gatehouse.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quality gate of semantic matching: on the shipped evaluation set (and on the second set in
 * {@code bench/semantic}), the built-in embedder with the near-miss check at the built-in default
 * threshold serves at most 1% of near misses and at least half of the true paraphrases. Not a timing
 * test.
 */
class SemanticEvalTest {

    private static Vertx vertx;
    private static MiniLmEmbedder embedder;

    @BeforeAll
    static void load() {
        vertx = Vertx.vertx();
        embedder = new MiniLmEmbedder(vertx);
    }

    @AfterAll
    static void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void theShippedSetIsLargeBalancedAndCoversEveryKind() throws IOException {
        List<EvalPair> pairs = EvalPair.shipped();

        long same = pairs.stream().filter(EvalPair::same).count();
        assertThat(pairs).hasSizeGreaterThanOrEqualTo(300);
        assertThat(same).isBetween(pairs.size() * 2L / 5, pairs.size() * 3L / 5);
        assertThat(pairs.stream().filter(EvalPair::same).map(EvalPair::kind).distinct())
                .contains("reorder", "synonym", "politeness", "typo", "verbose", "reword");
        assertThat(pairs.stream().filter(p -> !p.same()).map(EvalPair::kind).distinct())
                .contains(
                        "number",
                        "negation",
                        "entity",
                        "direction",
                        "scope",
                        "format",
                        "code",
                        "pasted",
                        "time",
                        "comparative");
    }

    @Test
    void theDefaultThresholdMeetsBothTargetsOnTheShippedSet() throws IOException {
        SemanticEval.Row row = SemanticEval.run(EvalPair.shipped(), embedder::embedNow, new NearMissCheck())
                .at(MiniLmEmbedder.DEFAULT_THRESHOLD);

        assertThat(row.nearMissShare()).as("near misses served").isLessThanOrEqualTo(0.01);
        assertThat(row.paraphraseShare()).as("paraphrases served").isGreaterThanOrEqualTo(0.50);
        assertThat(row.nearMissShareByEmbeddingAlone())
                .as("near misses embeddings alone would serve: the check is what stops them")
                .isGreaterThan(0.3);
    }

    @Test
    void theDefaultThresholdMeetsBothTargetsOnTheSecondSet() throws IOException {
        List<EvalPair> pairs = EvalPair.read(
                Files.newBufferedReader(Path.of("bench/semantic/holdout-pairs.jsonl"), StandardCharsets.UTF_8));

        SemanticEval.Row row =
                SemanticEval.run(pairs, embedder::embedNow, new NearMissCheck()).at(MiniLmEmbedder.DEFAULT_THRESHOLD);

        assertThat(row.nearMissShare()).isLessThanOrEqualTo(0.01);
        assertThat(row.paraphraseShare()).isGreaterThanOrEqualTo(0.50);
    }

    @Test
    void theSweepCountsServedPairsPerThresholdAndChoosesTheHighestThatMeetsTheTargets() throws IOException {
        Map<String, float[]> vectors = Map.of(
                "a", new float[] {1, 0},
                "a'", new float[] {0.8f, 0.6f},
                "b", new float[] {0, 1},
                "b'", new float[] {0.6f, 0.8f});
        List<EvalPair> pairs = EvalPair.read(new StringReader("""
                {"a": "a", "b": "a'", "same": true, "kind": "reword"}
                {"a": "b", "b": "b'", "same": false, "kind": "number"}

                {"a": "a", "b": "b'", "same": false, "kind": "number"}
                """));
        MeaningCheck rejectsB = (x, y) -> x.startsWith("b") ? "numbers differ" : null;

        SemanticEval eval = SemanticEval.run(pairs, vectors::get, rejectsB);
        List<SemanticEval.Row> sweep = eval.sweep(List.of(0.5, 0.7, 0.9));

        // cosines: a/a' 0.8, b/b' 0.8 (rejected by the check), a/b' 0.6 (passes the check)
        assertThat(sweep.get(0).paraphrasesServed()).isEqualTo(1);
        assertThat(sweep.get(0).nearMissesServed()).isEqualTo(1);
        assertThat(sweep.get(0).nearMissesServedByEmbeddingAlone()).isEqualTo(2);
        assertThat(sweep.get(1).nearMissesServed()).isZero();
        assertThat(sweep.get(1).nearMissesServedByEmbeddingAlone()).isEqualTo(1);
        assertThat(sweep.get(2).paraphrasesServed()).isZero();
        assertThat(SemanticEval.choose(sweep)).map(SemanticEval.Row::threshold).contains(0.7);
        assertThat(eval.byKind(0.7))
                .containsExactly(
                        new SemanticEval.KindRow("reword", true, 1, 1, 1),
                        new SemanticEval.KindRow("number", false, 2, 0, 1));
    }

    @Test
    void aLineThatIsNotALabelledPairIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> EvalPair.read(new StringReader("""
                        {"a": "x", "b": "y", "same": true, "kind": "k"}
                        {"a": "x", "b": "y", "same": "yes"}
                        """)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("line 2:");
    }
}
