package dev.gatehouse.cli;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.json.Json;
import dev.gatehouse.metering.JdbcUsageStore;
import dev.gatehouse.metering.UsageQuery;
import dev.gatehouse.metering.UsageQueryParser;
import dev.gatehouse.metering.UsageReportFormat;
import dev.gatehouse.metering.UsageReportRow;
import dev.gatehouse.store.Database;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse usage}: a usage report read straight from the store the config names (the SQLite
 * file by default), with the filters, grouping and buckets of {@code GET /admin/v1/usage}.
 */
@Command(
        name = "usage",
        description = "Report requests, tokens and cost from the usage store.",
        mixinStandardHelpOptions = true)
final class UsageCommand implements Callable<Integer> {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Config file naming the store (default: SQLite gatehouse.db in the data directory).")
    @Nullable
    Path config;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = DataDirectory.OPTION_DEFAULT,
            description = "The data directory serve used (default: $GATEHOUSE_DATA_DIR, else ./" + DataDirectory.DEFAULT
                    + ").")
    Path dataDir;

    @Option(
            names = "--from",
            description = "Start (inclusive): a date (2025-10-01) or an instant (2025-10-01T12:00:00Z).")
    @Nullable
    String from;

    @Option(names = "--to", description = "End (exclusive), same forms as --from.")
    @Nullable
    String to;

    @Option(names = "--key-id")
    @Nullable
    String keyId;

    @Option(names = "--user-id")
    @Nullable
    String userId;

    @Option(names = "--team-id")
    @Nullable
    String teamId;

    @Option(names = "--model")
    @Nullable
    String model;

    @Option(names = "--provider")
    @Nullable
    String provider;

    @Option(names = "--tag")
    @Nullable
    String tag;

    @Option(names = "--group-by", description = "Comma list of key_id, user_id, team_id, model, provider, tag.")
    @Nullable
    String groupBy;

    @Option(names = "--bucket", description = "hour, day or month.")
    @Nullable
    String bucket;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> params = new HashMap<>();
        put(params, "from", from);
        put(params, "to", to);
        put(params, "key_id", keyId);
        put(params, "user_id", userId);
        put(params, "team_id", teamId);
        put(params, "model", model);
        put(params, "provider", provider);
        put(params, "tag", tag);
        put(params, "group_by", groupBy);
        put(params, "bucket", bucket);
        UsageQuery query;
        StoreSettings store;
        try {
            query = UsageQueryParser.parse(params);
            store = config == null
                    ? StoreSettings.defaults(dataDir)
                    : new ConfigLoader(System.getenv(), dataDir).loadStore(config);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (store.kind() == StoreSettings.Kind.SQLITE && !Files.exists(Path.of(store.path()))) {
            // Opening it would create an empty store (and its directory) where the user looked by mistake.
            err.println("no usage store at " + store.path() + ": pass the --data-dir serve used, or --config");
            return 1;
        }
        try (Database db = Database.open(store)) {
            List<UsageReportRow> rows =
                    new JdbcUsageStore(db.dataSource(), db.kind() == StoreSettings.Kind.POSTGRES).report(query);
            switch (format) {
                case "csv" -> out.print(UsageReportFormat.csv(query, rows));
                case "json" -> out.println(Json.encode(UsageReportFormat.json(query, rows)));
                default -> out.print(table(UsageReportFormat.csv(query, rows)));
            }
            out.flush();
            return 0;
        } catch (RuntimeException e) {
            err.println("usage report failed: " + e.getMessage());
            return 1;
        }
    }

    private static void put(Map<String, String> params, String name, @Nullable String value) {
        if (value != null) {
            params.put(name, value);
        }
    }

    /** The CSV laid out in aligned columns (no field of a report holds a comma in practice; quoted ones stay quoted). */
    private static String table(String csv) {
        List<String[]> rows = new ArrayList<>();
        for (String line : csv.split("\r\n")) {
            rows.add(line.split(",", -1));
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length && i < widths.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length && i < widths.length; i++) {
                out.append(String.format("%-" + (widths[i] + 2) + "s", r[i]));
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }
}
