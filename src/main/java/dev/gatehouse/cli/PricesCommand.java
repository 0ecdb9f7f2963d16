package dev.gatehouse.cli;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.ConfigProblem;
import dev.gatehouse.config.PriceFile;
import dev.gatehouse.config.PriceOverride;
import dev.gatehouse.config.Prices;
import dev.gatehouse.usage.PriceTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gatehouse prices MODEL...}: the price a model id is charged at, with the row, alias and
 * provider id rule that found it; {@code gatehouse prices check FILE}: validates a {@code prices:}
 * file.
 */
@Command(
        name = "prices",
        description = "Show the price of model ids (the row and tier each one gets), or check a prices: file.",
        subcommands = PricesCommand.Check.class,
        mixinStandardHelpOptions = true)
final class PricesCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL", arity = "0..*", description = "Model ids as a deployment sends them.")
    List<String> models = List.of();

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Apply the prices: section of this config file to the built-in table.")
    @Nullable
    Path config;

    @Option(
            names = "--input-tokens",
            paramLabel = "N",
            description = "Also show which tier a prompt of N input tokens is charged at.")
    @Nullable
    Long inputTokens;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (models.isEmpty()) {
            spec.commandLine().usage(out);
            return 0;
        }
        PriceTable table = PriceTable.builtIn();
        if (config != null) {
            try {
                table = table.with(
                        new ConfigLoader(System.getenv()).load(config).usage().prices());
            } catch (ConfigException e) {
                err.println(e.getMessage());
                return 1;
            }
        }
        int unpriced = 0;
        for (String model : models) {
            PriceTable.Match match = table.lookup(model);
            if (match == null) {
                unpriced++;
                out.printf(
                        "%s: unpriced (no row, alias or provider id rule matches it; its usage is recorded with a null"
                                + " cost until a prices: entry names it)%n",
                        model);
            } else {
                describe(out, match);
            }
        }
        return unpriced == 0 ? 0 : 1;
    }

    private void describe(PrintWriter out, PriceTable.Match m) {
        PriceTable.Entry e = m.entry();
        out.printf("%s%n", m.requested());
        StringBuilder how = new StringBuilder(e.model());
        if (m.rule() != null) {
            how.append(" (").append(m.rule()).append(')');
        }
        if (m.alias() != null) {
            how.append(" (alias ").append(m.alias()).append(')');
        }
        out.printf("  row       %s%n", how);
        out.printf("  source    %s, effective %s%n", e.source(), e.effectiveDate());
        if (e.contextWindow() != null) {
            out.printf("  context   %d tokens%n", e.contextWindow());
        }
        out.printf("  rates     %s (USD per million tokens)%n", rates(e.prices()));
        for (Prices.Tier t : e.prices().tiers()) {
            out.printf("  above %d input tokens: %s%n", t.above(), rates(t.prices()));
        }
        if (inputTokens != null) {
            Prices.Tier tier = e.prices().tierAt(inputTokens);
            out.printf(
                    "  %d input tokens: %s%n",
                    inputTokens, tier == null ? "base rates" : "the tier above " + tier.above());
        }
    }

    private static String rates(Prices p) {
        return "input " + usd(p.input()) + ", cached_input " + usd(p.cachedInput()) + ", cache_write "
                + usd(p.cacheWrite()) + ", cache_write_1h " + usd(p.cacheWrite1h()) + ", output " + usd(p.output())
                + ", reasoning " + usd(p.reasoning());
    }

    private static String usd(double perMillion) {
        return BigDecimal.valueOf(perMillion).stripTrailingZeros().toPlainString();
    }

    @Command(
            name = "check",
            description = "Validate a file with a prices: section; exit 1 and list every problem if it is invalid.",
            mixinStandardHelpOptions = true)
    static final class Check implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "A YAML file whose top level is prices:.")
        Path file;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Map<String, PriceOverride> prices;
            try {
                prices = PriceFile.parse(Files.readString(file), file.toString(), System.getenv());
            } catch (IOException e) {
                err.printf("%s: cannot be read: %s%n", file, e.getMessage());
                return 1;
            } catch (ConfigException e) {
                err.printf(
                        "%s: %d problem%s%n",
                        file, e.problems().size(), e.problems().size() == 1 ? "" : "s");
                for (ConfigProblem problem : e.problems()) {
                    err.println("  " + problem);
                }
                return 1;
            }
            out.printf("%s: ok (%d price%s)%n", file, prices.size(), prices.size() == 1 ? "" : "s");
            PriceTable builtIn = PriceTable.builtIn();
            for (String model : prices.keySet()) {
                String target = builtIn.aliases().get(model);
                PriceTable.Entry row = builtIn.rows().get(model);
                if (target != null) {
                    out.printf(
                            "  warning: prices.%s: '%s' is an alias of the built-in row %s; this price applies to"
                                    + " requests for '%s' only, and %s keeps its built-in price%n",
                            model, model, target, model, target);
                } else if (row != null) {
                    out.printf(
                            "  note: prices.%s replaces the built-in row (%s, effective %s)%n",
                            model, row.source(), row.effectiveDate());
                }
            }
            return 0;
        }
    }
}
