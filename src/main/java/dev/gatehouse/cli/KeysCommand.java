package dev.gatehouse.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatehouse keys create|list|revoke|rotate}: manage virtual keys through a running gateway's admin API. */
@Command(
        name = "keys",
        description = "Manage virtual keys through a running gateway's admin API.",
        mixinStandardHelpOptions = true,
        subcommands = {
            KeysCommand.Create.class,
            KeysCommand.ListKeys.class,
            KeysCommand.Revoke.class,
            KeysCommand.Rotate.class
        })
final class KeysCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "create",
            description = "Create a key; its secret is printed this once.",
            mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        AdminConnection admin;

        @Option(names = "--alias")
        @Nullable
        String alias;

        @Option(names = "--team")
        @Nullable
        String team;

        @Option(names = "--user")
        @Nullable
        String user;

        @Option(names = "--models", split = ",", description = "Models or patterns it may use (comma-separated).")
        @Nullable
        List<String> models;

        @Option(names = "--rpm")
        @Nullable
        Long rpm;

        @Option(names = "--tpm")
        @Nullable
        Long tpm;

        @Option(names = "--input-tpm")
        @Nullable
        Long inputTpm;

        @Option(names = "--output-tpm")
        @Nullable
        Long outputTpm;

        @Option(names = "--max-parallel")
        @Nullable
        Long maxParallel;

        @Option(names = "--max-budget", description = "US dollars per budget period.")
        @Nullable
        Double maxBudget;

        @Option(names = "--budget-duration", description = "day, week, month or total.")
        @Nullable
        String budgetDuration;

        @Option(names = "--soft-budget")
        @Nullable
        Double softBudget;

        @Option(names = "--duration", description = "Expire after this long, e.g. 30d or 12h.")
        @Nullable
        String duration;

        @Option(names = "--admin", description = "May use the admin API.")
        boolean isAdmin;

        @Override
        public Integer call() {
            ObjectNode body = Json.object();
            putIf(body, "key_alias", alias);
            putIf(body, "team_id", team);
            putIf(body, "user_id", user);
            if (models != null) {
                models.forEach(body.putArray("models")::add);
            }
            putIf(body, "rpm_limit", rpm);
            putIf(body, "tpm_limit", tpm);
            putIf(body, "input_tpm_limit", inputTpm);
            putIf(body, "output_tpm_limit", outputTpm);
            putIf(body, "max_parallel_requests", maxParallel);
            if (maxBudget != null) {
                body.put("max_budget", maxBudget);
            }
            putIf(body, "budget_duration", budgetDuration);
            if (softBudget != null) {
                body.put("soft_budget", softBudget);
            }
            putIf(body, "duration", duration);
            if (isAdmin) {
                body.put("admin", true);
            }
            return admin.print(spec, "POST", "/admin/v1/keys", body);
        }

        private static void putIf(ObjectNode body, String field, @Nullable Object value) {
            if (value instanceof Long l) {
                body.put(field, l);
            } else if (value != null) {
                body.put(field, value.toString());
            }
        }
    }

    @Command(name = "list", description = "List keys (never their secrets).", mixinStandardHelpOptions = true)
    static final class ListKeys implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        AdminConnection admin;

        @Override
        public Integer call() {
            return admin.print(spec, "GET", "/admin/v1/keys", null);
        }
    }

    @Command(
            name = "revoke",
            description = "Revoke a key; it stops working on every instance.",
            mixinStandardHelpOptions = true)
    static final class Revoke implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        AdminConnection admin;

        @Parameters(paramLabel = "KEY_ID")
        String id;

        @Override
        public Integer call() {
            return admin.print(spec, "DELETE", "/admin/v1/keys/" + id, null);
        }
    }

    @Command(
            name = "rotate",
            description = "Give a key a new secret (printed this once); the old one stops working.",
            mixinStandardHelpOptions = true)
    static final class Rotate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        AdminConnection admin;

        @Parameters(paramLabel = "KEY_ID")
        String id;

        @Override
        public Integer call() {
            return admin.print(spec, "POST", "/admin/v1/keys/" + id + "/rotate", null);
        }
    }
}
