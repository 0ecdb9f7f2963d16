package dev.gatehouse.cli;

import dev.gatehouse.cache.semantic.EvalPair;
import dev.gatehouse.cache.semantic.MiniLmEmbedder;
import dev.gatehouse.cache.semantic.NearMissCheck;
import dev.gatehouse.cache.semantic.SemanticEval;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse cache ...}: tools for the response cache. */
@Command(
        name = "cache",
        description = "Response cache tools.",
        subcommands = {CacheCommand.Eval.class, EmbedBenchCommand.class},
        mixinStandardHelpOptions = true)
final class CacheCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code gatehouse cache eval [FILE]}: embeds every labelled pair with the built-in model, and
     * prints for a sweep of thresholds how many true paraphrases a semantic cache would serve and how
     * many near misses it would wrongly serve, with the near-miss check and by embeddings alone.
     */
    @Command(
            name = "eval",
            description = "Measure semantic matching on labelled pairs (JSON lines {\"a\",\"b\",\"same\",\"kind\"}):"
                    + " for each threshold, the share of true paraphrases served and of near misses wrongly"
                    + " served. Without FILE, the set shipped in the jar.",
            mixinStandardHelpOptions = true)
    static final class Eval implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", arity = "0..1", description = "Labelled pairs, one JSON object a line.")
        @Nullable
        Path file;

        @Option(
                names = "--thresholds",
                split = ",",
                paramLabel = "T",
                description = "Cosine thresholds to try (default 0.70,0.72,...,0.98).")
        @Nullable
        List<Double> thresholds;

        @Option(
                names = "--threshold",
                paramLabel = "T",
                description = "Show counts per kind at this threshold (default: the built-in default threshold).")
        @Nullable
        Double detail;

        @Option(names = "--pairs", description = "Also print every pair with its cosine and the check's verdict.")
        boolean listPairs;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<EvalPair> pairs;
            try {
                pairs = file == null
                        ? EvalPair.shipped()
                        : EvalPair.read(Files.newBufferedReader(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.println((file == null ? EvalPair.SHIPPED : file) + ": " + e.getMessage());
                return 2;
            }
            List<Double> sweepAt = thresholds == null ? SemanticEval.defaultThresholds() : thresholds;
            Vertx vertx = Vertx.vertx();
            SemanticEval eval;
            try {
                MiniLmEmbedder embedder = new MiniLmEmbedder(vertx);
                eval = SemanticEval.run(pairs, embedder::embedNow, new NearMissCheck());
            } finally {
                vertx.close();
            }
            List<SemanticEval.Row> sweep = eval.sweep(sweepAt);
            Optional<SemanticEval.Row> chosen = SemanticEval.choose(sweep);
            printSweep(out, pairs, sweep);
            out.printf(
                    Locale.ROOT,
                    "%ntargets: at most %.0f%% of near misses served, at least %.0f%% of paraphrases%n",
                    SemanticEval.MAX_NEAR_MISSES_SERVED * 100,
                    SemanticEval.MIN_PARAPHRASES_SERVED * 100);
            List<Double> supported = SemanticEval.supported(sweep);
            out.println(chosen.map(r -> String.format(
                            Locale.ROOT,
                            "thresholds meeting both targets: %d of %d, %.2f to %.2f; highest (the safest): %.2f",
                            supported.size(),
                            sweep.size(),
                            supported.get(0),
                            supported.get(supported.size() - 1),
                            r.threshold()))
                    .orElse("no threshold meets both targets"));
            out.printf(Locale.ROOT, "built-in default: %.2f%n", MiniLmEmbedder.DEFAULT_THRESHOLD);
            double at = detail != null ? detail : MiniLmEmbedder.DEFAULT_THRESHOLD;
            printKinds(out, eval, at);
            if (listPairs) {
                printPairs(out, eval);
            }
            return chosen.isPresent() ? 0 : 1;
        }

        private static void printSweep(PrintWriter out, List<EvalPair> pairs, List<SemanticEval.Row> sweep) {
            long paraphrases = pairs.stream().filter(EvalPair::same).count();
            out.printf(
                    "%d pairs: %d paraphrases, %d near misses; model %s, check %s%n%n",
                    pairs.size(),
                    paraphrases,
                    pairs.size() - paraphrases,
                    MiniLmEmbedder.MODEL_ID,
                    NearMissCheck.class.getSimpleName());
            out.println(
                    "threshold  paraphrases served  near misses served  | embeddings alone: paraphrases  near misses");
            for (SemanticEval.Row r : sweep) {
                out.printf(
                        Locale.ROOT,
                        "%9.2f  %11s  %18s  | %29s  %11s%n",
                        r.threshold(),
                        share(r.paraphrasesServed(), r.paraphrases()),
                        share(r.nearMissesServed(), r.nearMisses()),
                        share(r.paraphrasesServedByEmbeddingAlone(), r.paraphrases()),
                        share(r.nearMissesServedByEmbeddingAlone(), r.nearMisses()));
            }
        }

        private static void printKinds(PrintWriter out, SemanticEval eval, double at) {
            out.printf(Locale.ROOT, "%nper kind at %.2f: served / pairs (served by embeddings alone)%n", at);
            for (SemanticEval.KindRow k : eval.byKind(at)) {
                out.printf(
                        Locale.ROOT,
                        "  %-11s %-12s %3d / %3d  (%d)%n",
                        k.same() ? "paraphrase" : "near miss",
                        k.kind(),
                        k.served(),
                        k.pairs(),
                        k.servedByEmbeddingAlone());
            }
            List<SemanticEval.Scored> missed = eval.nearMissesServed(at);
            if (!missed.isEmpty()) {
                out.printf(Locale.ROOT, "%nnear misses served at %.2f:%n", at);
                for (SemanticEval.Scored s : missed) {
                    out.printf(
                            Locale.ROOT,
                            "  %.3f %-11s %s | %s%n",
                            s.cosine(),
                            s.pair().kind(),
                            s.pair().a(),
                            s.pair().b());
                }
            }
        }

        private static void printPairs(PrintWriter out, SemanticEval eval) {
            out.printf("%nevery pair: label, kind, cosine, the check's verdict, a | b%n");
            for (SemanticEval.Scored s : eval.scored()) {
                String verdict = s.rejection();
                out.printf(
                        Locale.ROOT,
                        "  %-4s %-11s %.3f %-20s %s | %s%n",
                        s.pair().same() ? "same" : "diff",
                        s.pair().kind(),
                        s.cosine(),
                        verdict == null ? "passes" : verdict,
                        s.pair().a(),
                        s.pair().b());
            }
        }

        private static String share(int part, int whole) {
            return String.format(Locale.ROOT, "%5.1f%% %3d", whole == 0 ? 0.0 : 100.0 * part / whole, part);
        }
    }
}
