package dev.gatehouse.cli;

import dev.gatehouse.guardrail.Direction;
import dev.gatehouse.guardrail.Guardrail;
import dev.gatehouse.guardrail.GuardrailText;
import dev.gatehouse.guardrail.injection.InjectionGuardrail;
import dev.gatehouse.guardrail.injection.InjectionSettings;
import dev.gatehouse.guardrail.pii.PiiAction;
import dev.gatehouse.guardrail.pii.PiiGuardrail;
import dev.gatehouse.guardrail.pii.PiiSettings;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse guardrail bench}: the latency one check of each built-in guardrail adds, on typical
 * prompts of 1 KB and 20 KB ({@link TypicalPrompts}), after a warm-up, on the calling thread. Hidden: a
 * benchmark for the project's own figures, run as {@code taskset -c 0 java -jar gatehouse.jar
 * guardrail bench} for one core.
 */
@Command(
        name = "bench",
        hidden = true,
        description = "Measure the built-in PII and injection guardrails: check latency on 1 KB and 20 KB prompts.")
final class GuardrailBenchCommand implements Callable<Integer> {

    @Option(names = "--samples", defaultValue = "2000", description = "Timed checks per guardrail and size.")
    int samples;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PiiSettings masking =
                new PiiSettings(Map.of(), PiiAction.MASK_AND_RESTORE, PiiSettings.DEFAULT_PHONE_REGIONS, List.of());
        List<Guardrail> guardrails = List.of(
                new PiiGuardrail("pii (mask_and_restore, regions US GB DE FR)", masking),
                new InjectionGuardrail("injection (threshold 1.0)", InjectionSettings.defaults()));
        out.printf(
                Locale.ROOT,
                "processors %d, %d timed checks per row after warm-up%n",
                Runtime.getRuntime().availableProcessors(),
                samples);
        out.printf("%-45s %6s %9s %9s %9s%n", "guardrail", "prompt", "p50 ms", "p99 ms", "mean ms");
        for (Guardrail g : guardrails) {
            for (int size : new int[] {1024, 20 * 1024}) {
                GuardrailText text = new GuardrailText(
                        Direction.INPUT, List.of(TypicalPrompts.ofSize(size)), "gpt-4o-mini", "bench", null);
                for (int i = 0; i < Math.max(200, samples / 2); i++) {
                    g.check(text);
                }
                long[] nanos = new long[samples];
                for (int i = 0; i < samples; i++) {
                    long start = System.nanoTime();
                    g.check(text);
                    nanos[i] = System.nanoTime() - start;
                }
                double mean = Arrays.stream(nanos).average().orElse(0) / 1e6;
                Arrays.sort(nanos);
                out.printf(
                        Locale.ROOT,
                        "%-45s %5dK %9.3f %9.3f %9.3f%n",
                        g.name(),
                        size / 1024,
                        percentile(nanos, 0.50),
                        percentile(nanos, 0.99),
                        mean);
            }
        }
        return 0;
    }

    private static double percentile(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
