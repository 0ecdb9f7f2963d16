package dev.gatehouse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gatehouse} executable: one jar, several subcommands. */
@Command(
        name = "gatehouse",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "An OpenAI-compatible LLM gateway.",
        subcommands = {ServeCommand.class, ConfigCommand.class, MockCommand.class, KeysCommand.class, UsageCommand.class,
                AuditCommand.class})
public final class GatehouseCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        int code = new CommandLine(new GatehouseCommand()).execute(args);
        System.exit(code);
    }
}
