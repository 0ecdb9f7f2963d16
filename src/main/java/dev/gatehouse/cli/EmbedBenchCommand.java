package dev.gatehouse.cli;

import dev.gatehouse.cache.semantic.EvalPair;
import dev.gatehouse.cache.semantic.MiniLmEmbedder;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse cache embed-bench}: what the built-in embedder costs on this machine (model load
 * time, resident memory added, latency of one embedding after warm-up), measured on the texts of the
 * shipped evaluation set. Hidden: a benchmark for the project's own figures, run as
 * {@code taskset -c 0 java -jar gatehouse.jar cache embed-bench} for one core.
 */
@Command(
        name = "embed-bench",
        hidden = true,
        description = "Measure the built-in embedder: load time, memory, latency per embedding.")
final class EmbedBenchCommand implements Callable<Integer> {

    @Option(names = "--rounds", defaultValue = "5", description = "Passes over the texts after warm-up.")
    int rounds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (EvalPair p : EvalPair.shipped()) {
            distinct.add(p.a());
            distinct.add(p.b());
        }
        List<String> texts = List.copyOf(distinct);
        Vertx vertx = Vertx.vertx();
        try {
            MiniLmEmbedder embedder = new MiniLmEmbedder(vertx);
            long rssBefore = rssKb();
            long start = System.nanoTime();
            embedder.embedNow(texts.get(0));
            double firstMs = (System.nanoTime() - start) / 1e6;
            long rssAfter = rssKb();
            for (String t : texts) {
                embedder.embedNow(t);
            }
            List<Long> nanos = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                for (String t : texts) {
                    long s = System.nanoTime();
                    embedder.embedNow(t);
                    nanos.add(System.nanoTime() - s);
                }
            }
            long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            out.printf(
                    Locale.ROOT,
                    "processors          %d%n",
                    Runtime.getRuntime().availableProcessors());
            out.printf(Locale.ROOT, "first embedding     %.0f ms (model load included)%n", firstMs);
            out.printf(
                    Locale.ROOT,
                    "resident memory     +%d MB after the load (%d -> %d MB)%n",
                    (rssAfter - rssBefore) / 1024,
                    rssBefore / 1024,
                    rssAfter / 1024);
            out.printf(
                    Locale.ROOT,
                    "embeddings timed    %d (%d distinct texts x %d rounds, after one warm-up pass)%n",
                    sorted.length,
                    texts.size(),
                    rounds);
            out.printf(Locale.ROOT, "latency p50         %.2f ms%n", percentile(sorted, 0.50));
            out.printf(Locale.ROOT, "latency p90         %.2f ms%n", percentile(sorted, 0.90));
            out.printf(Locale.ROOT, "latency p99         %.2f ms%n", percentile(sorted, 0.99));
        } finally {
            vertx.close();
        }
        return 0;
    }

    private static double percentile(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /** Resident set size from /proc (Linux); 0 elsewhere. */
    private static long rssKb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
