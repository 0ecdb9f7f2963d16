package dev.gatehouse.cli;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.metering.AuditHead;
import dev.gatehouse.metering.AuditVerifier;
import dev.gatehouse.metering.JdbcAuditAnchors;
import dev.gatehouse.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse audit verify FILE}: checks an audit log's hash chain, and its end against the usage store. */
@Command(
        name = "audit",
        description = "Work with the audit log.",
        subcommands = AuditCommand.Verify.class,
        mixinStandardHelpOptions = true)
final class AuditCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "verify",
            description = "Verify the hash chain, and that no entries were cut off its end (against the head the "
                    + "usage store keeps); exit 1 and name the first bad entry, or how many are missing.",
            mixinStandardHelpOptions = true)
    static final class Verify implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "The audit log file.")
        Path file;

        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "Config file naming the usage store (default: SQLite gatehouse.db, when it exists).")
        Path config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** The head the store kept, or null; {@code note} says why there is none to compare. */
        private record Anchor(@Nullable AuditHead head, String note) {}

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Anchor anchor;
            AuditVerifier.Result result;
            try {
                anchor = anchor(AuditVerifier.chainId(file));
                result = AuditVerifier.verify(file, anchor.head());
            } catch (IOException e) {
                err.printf("%s: cannot be read: %s%n", file, e.getMessage());
                return 2;
            } catch (ConfigException | IllegalArgumentException e) {
                err.println(e.getMessage());
                return 2;
            } catch (RuntimeException e) {
                err.printf("the usage store cannot be read: %s%n", e.getMessage());
                return 2;
            }
            if (!result.ok()) {
                if (result.missing() > 0) {
                    err.printf("%s: %s%n", file, result.problem());
                } else {
                    err.printf(
                            "%s: first bad entry at line %d%s: %s (%d entries before it verified)%n",
                            file,
                            result.line(),
                            result.seq() >= 0 ? " (seq " + result.seq() + ")" : "",
                            result.problem(),
                            result.entries());
                }
                return 1;
            }
            out.printf("%s: ok, %d entries, chain intact%n", file, result.entries());
            if (anchor.head() == null) {
                out.printf("  %s%n", anchor.note());
            } else if (anchor.head().seq() == result.entries()) {
                out.printf(
                        "  it ends at the head the usage store kept (seq %d)%n",
                        anchor.head().seq());
            } else {
                out.printf(
                        "  the usage store kept its head at seq %d; the entries after it were written since it was last saved%n",
                        anchor.head().seq());
            }
            return 0;
        }

        private Anchor anchor(@Nullable String chainId) throws ConfigException {
            if (chainId == null) {
                return new Anchor(
                        null, "the log has no first entry to know it by: entries cut off its end cannot be detected");
            }
            StoreSettings store = config == null
                    ? StoreSettings.defaults()
                    : new ConfigLoader(System.getenv()).load(config).store();
            if (config == null && !Files.exists(Path.of(store.path()))) {
                return new Anchor(
                        null,
                        "no usage store (" + store.path() + " does not exist): entries cut off the end cannot be "
                                + "detected; name the gateway's config with --config");
            }
            try (Database db = Database.open(store)) {
                AuditHead head = new JdbcAuditAnchors(db.dataSource()).find(chainId);
                return new Anchor(
                        head,
                        "the usage store " + store
                                + " keeps no head for this log: entries cut off its end cannot be detected");
            }
        }
    }
}
