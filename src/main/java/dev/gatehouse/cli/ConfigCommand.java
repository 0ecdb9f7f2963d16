package dev.gatehouse.cli;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.ConfigProblem;
import dev.gatehouse.config.ConfigWarnings;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.guardrail.stage.BuiltInGuardrails;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gatehouse config check FILE}: validates a config file and prints every problem. */
@Command(
        name = "config",
        description = "Work with config files.",
        subcommands = ConfigCommand.Check.class,
        mixinStandardHelpOptions = true)
final class ConfigCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "check",
            description = "Validate a config file; exit 1 and list every problem if it is invalid.",
            mixinStandardHelpOptions = true)
    static final class Check implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "The YAML config file.")
        Path file;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                GatewayConfig config = new ConfigLoader(System.getenv())
                        .withGuardrailTypes(BuiltInGuardrails.READERS)
                        .load(file);
                out.printf(
                        "%s: ok (%d providers, %d models, %d keys)%n",
                        file,
                        config.providers().size(),
                        config.models().size(),
                        config.keys().size());
                for (String warning : ConfigWarnings.of(config)) {
                    out.println("  warning: " + warning);
                }
                return 0;
            } catch (ConfigException e) {
                err.printf(
                        "%s: %d problem%s%n",
                        file, e.problems().size(), e.problems().size() == 1 ? "" : "s");
                for (ConfigProblem problem : e.problems()) {
                    err.println("  " + problem);
                }
                return 1;
            }
        }
    }
}
