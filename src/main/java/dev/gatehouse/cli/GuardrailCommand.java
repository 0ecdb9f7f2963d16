package dev.gatehouse.cli;

import dev.gatehouse.guardrail.injection.EvalPrompt;
import dev.gatehouse.guardrail.injection.InjectionEval;
import dev.gatehouse.guardrail.injection.InjectionScorer;
import dev.gatehouse.guardrail.injection.InjectionSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse guardrail ...}: tools for the built-in guardrails. */
@Command(
        name = "guardrail",
        description = "Built-in guardrail tools.",
        subcommands = {GuardrailCommand.Eval.class, GuardrailBenchCommand.class},
        mixinStandardHelpOptions = true)
final class GuardrailCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code gatehouse guardrail eval [FILE]}: scores every labelled prompt with the built-in injection
     * detector and prints precision, recall and F1 at the threshold, the share flagged per source, and
     * every prompt it got wrong with its score and signals.
     */
    @Command(
            name = "eval",
            description = "Measure the built-in prompt-injection detector on labelled prompts (JSON lines"
                    + " {\"text\",\"label\":\"injection|benign\",\"source\"}): precision, recall, F1 and the"
                    + " misclassified prompts. Without FILE, the set shipped in the jar.",
            mixinStandardHelpOptions = true)
    static final class Eval implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", arity = "0..1", description = "Labelled prompts, one JSON object a line.")
        @Nullable
        Path file;

        @Option(
                names = "--threshold",
                paramLabel = "T",
                description = "Score from which a prompt counts as an injection (default: the built-in default).")
        double threshold = InjectionSettings.DEFAULT_THRESHOLD;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<EvalPrompt> prompts;
            try {
                prompts = file == null
                        ? EvalPrompt.shipped()
                        : EvalPrompt.read(Files.newBufferedReader(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                spec.commandLine().getErr().println((file == null ? EvalPrompt.SHIPPED : file) + ": " + e.getMessage());
                return 2;
            }
            InjectionScorer scorer = new InjectionScorer();
            InjectionEval eval = InjectionEval.run(prompts, scorer, threshold);
            long injections = prompts.stream().filter(EvalPrompt::injection).count();
            out.printf(
                    Locale.ROOT,
                    "%d prompts: %d injections, %d benign; threshold %.2f%n",
                    prompts.size(),
                    injections,
                    prompts.size() - injections,
                    threshold);
            out.printf(
                    Locale.ROOT,
                    "precision %.3f  recall %.3f  F1 %.3f  (true positives %d, false positives %d, false negatives %d,"
                            + " true negatives %d)%n",
                    eval.precision(),
                    eval.recall(),
                    eval.f1(),
                    eval.truePositives(),
                    eval.falsePositives(),
                    eval.falseNegatives(),
                    eval.trueNegatives());
            printPerSource(out, prompts, scorer);
            if (!eval.wrong().isEmpty()) {
                out.printf("%nmisclassified: label, score, signals | text%n");
                for (InjectionEval.Scored s : eval.wrong()) {
                    out.printf(
                            Locale.ROOT,
                            "  %-9s %.2f %s | %s%n",
                            s.prompt().injection() ? "injection" : "benign",
                            s.score().total(),
                            s.score().signals(),
                            s.prompt().text().replace("\n", "\\n"));
                }
            }
            return 0;
        }

        private void printPerSource(PrintWriter out, List<EvalPrompt> prompts, InjectionScorer scorer) {
            Map<String, int[]> bySource = new TreeMap<>();
            for (EvalPrompt p : prompts) {
                int[] counts = bySource.computeIfAbsent(
                        (p.injection() ? "injection " : "benign    ") + p.source(), k -> new int[2]);
                counts[0]++;
                if (scorer.score(p.text()).total() >= threshold) {
                    counts[1]++;
                }
            }
            out.printf("%nflagged per label and source%n");
            bySource.forEach(
                    (source, counts) -> out.printf(Locale.ROOT, "  %-40s %3d / %3d%n", source, counts[1], counts[0]));
        }
    }
}
