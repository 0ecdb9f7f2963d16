package dev.gatehouse.cli;

import dev.gatehouse.metering.AuditVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gatehouse audit verify FILE}: checks an audit log's hash chain. */
@Command(name = "audit", description = "Work with the audit log.", subcommands = AuditCommand.Verify.class, mixinStandardHelpOptions = true)
final class AuditCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "verify", description = "Verify the hash chain; exit 1 and name the first bad entry if it is broken.",
            mixinStandardHelpOptions = true)
    static final class Verify implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "The audit log file.")
        Path file;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                AuditVerifier.Result result = AuditVerifier.verify(file);
                if (result.ok()) {
                    out.printf("%s: ok, %d entries, chain intact%n", file, result.entries());
                    return 0;
                }
                err.printf("%s: first bad entry at line %d%s: %s (%d entries before it verified)%n", file, result.line(),
                        result.seq() >= 0 ? " (seq " + result.seq() + ")" : "", result.problem(), result.entries());
                return 1;
            } catch (IOException e) {
                err.printf("%s: cannot be read: %s%n", file, e.getMessage());
                return 2;
            }
        }
    }
}
