package dev.gatehouse.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The built-in sentence embedder: its vectors, its meaning of "close", and the thread it runs on. */
class MiniLmEmbedderTest {

    private static Vertx vertx;
    private static MiniLmEmbedder embedder;

    @BeforeAll
    static void load() throws Exception {
        vertx = Vertx.vertx();
        embedder = new MiniLmEmbedder(vertx);
        embedder.load().await(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void vectorsHave384DimensionsAndUnitLength() {
        float[] v = embedder.embedNow("How do I reset my password?");

        assertThat(v).hasSize(384).hasSize(embedder.dimensions());
        assertThat(norm(v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void theSameTextGivesTheSameVector() {
        assertThat(embedder.embedNow("Where is my order?")).containsExactly(embedder.embedNow("Where is my order?"));
    }

    @Test
    void aParaphraseIsCloserThanAnUnrelatedQuestion() {
        float[] question = embedder.embedNow("How do I reset my password?");
        float[] paraphrase = embedder.embedNow("I forgot my password, how can I change it?");
        float[] unrelated = embedder.embedNow("What is the weather like in Lisbon in May?");

        double close = dot(question, paraphrase);
        double far = dot(question, unrelated);

        assertThat(close).isGreaterThan(0.7);
        assertThat(far).isLessThan(0.3);
    }

    @Test
    void embedRunsTheModelOnAWorkerAndCompletesOnTheCallersEventLoop() throws Exception {
        CompletableFuture<Boolean> modelOnWorker = new CompletableFuture<>();
        EmbeddingModel recording = new EmbeddingModel() {
            @Override
            public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
                modelOnWorker.complete(Context.isOnWorkerThread());
                return Response.from(segments.stream()
                        .map(s -> Embedding.from(new float[] {3, 4}))
                        .toList());
            }
        };
        MiniLmEmbedder onRecording = new MiniLmEmbedder(vertx, () -> recording);
        Context loop = vertx.getOrCreateContext();
        CompletableFuture<Context> completedOn = new CompletableFuture<>();
        CompletableFuture<float[]> vector = new CompletableFuture<>();

        loop.runOnContext(v -> onRecording.embed("turn on dark mode").onComplete(ar -> {
            completedOn.complete(Vertx.currentContext());
            vector.complete(ar.result());
        }));

        assertThat(vector.get(30, TimeUnit.SECONDS)).containsExactly(0.6f, 0.8f);
        assertThat(modelOnWorker.get()).isTrue();
        assertThat(completedOn.get()).isSameAs(loop);
    }

    @Test
    void aBlankTextFailsTheFutureInsteadOfEmbeddingNothing() throws Exception {
        assertThatThrownBy(() -> embedder.embedNow("  ")).isInstanceOf(IllegalArgumentException.class);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        vertx.getOrCreateContext()
                .runOnContext(
                        v -> embedder.embed("").onFailure(failure::complete).onSuccess(x -> failure.complete(null)));

        assertThat(failure.get(30, TimeUnit.SECONDS)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loadingTurnsOffTheTokenizerLibrarysTelemetryAndDownloads() {
        assertThat(System.getProperty("OPT_OUT_TRACKING", System.getenv("OPT_OUT_TRACKING")))
                .isNotNull();
        assertThat(System.getProperty("ai.djl.offline", System.getenv("DJL_OFFLINE")))
                .isNotNull();
    }

    private static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
