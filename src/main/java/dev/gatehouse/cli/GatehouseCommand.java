package dev.gatehouse.cli;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gatehouse} executable: one jar, several subcommands. */
@Command(
        name = "gatehouse",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "An OpenAI-compatible LLM gateway.",
        subcommands = {
            ServeCommand.class,
            ConfigCommand.class,
            MockCommand.class,
            KeysCommand.class,
            PromptsCommand.class,
            UsageCommand.class,
            AuditCommand.class,
            PricesCommand.class,
            CacheCommand.class,
            GuardrailCommand.class
        })
public final class GatehouseCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The system property logback.xml reads to choose the console its log lines go to. */
    static final String LOG_TARGET = "gatehouse.log.target";

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new GatehouseCommand());
        cli.setExecutionStrategy(parsed -> {
            System.setProperty(LOG_TARGET, servesRequests(parsed) ? "System.out" : "System.err");
            return new CommandLine.RunLast().execute(parsed);
        });
        int status = cli.execute(args);
        // Log lines wait up to a batch interval in the background appender: write them out first.
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logs) {
            logs.stop();
        }
        System.exit(status);
    }

    /**
     * Whether the command run is a server, whose log is its output; every other command prints a
     * result on stdout, which log lines must not mix into. Decided after parsing and before the
     * command runs, which is before anything logs (so before logback reads its configuration).
     */
    private static boolean servesRequests(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        Object command = last.commandSpec().userObject();
        return command instanceof ServeCommand || command instanceof MockCommand;
    }
}
