package dev.gatehouse.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The built-in price table file ({@code prices.yaml}), read strictly: one block per provider with
 * the pricing page it cites ({@code source}) and the date its prices apply from
 * ({@code effective_date}), its rows by exact model id (a row may name its own date or source), and
 * its aliases (a moving name such as {@code gpt-4o} to the exact id it serves today). Every id is
 * defined once in the whole file: a second row, or an alias that is also a row (which could never be
 * reached), an alias to an unknown id or to another alias is a problem with its path, as in a config.
 *
 * @param rows every row, in file order
 * @param aliases alias to the exact id it names
 */
public record PriceSheet(List<Row> rows, Map<String, String> aliases) {

    /** One model's row, with where its prices come from. */
    public record Row(
            String id,
            String provider,
            Prices prices,
            @Nullable Integer contextWindow,
            LocalDate effectiveDate,
            String source) {}

    /** Rejects a key given twice in one mapping, which a plain YAML read would let the last one win. */
    static final ObjectMapper STRICT_YAML =
            new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public static PriceSheet parse(String yaml, String source) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        JsonNode root = readTree(yaml, source);
        ConfigNode top = new ConfigNode(root, "", problems, new EnvSubstitution(Map.of()));
        List<Row> rows = new ArrayList<>();
        Map<String, String> where = new LinkedHashMap<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        Map<String, String> aliasPaths = new LinkedHashMap<>();
        top.namedObjects("providers", (provider, block) -> {
            String page = block.string("source", true);
            LocalDate date = date(block, "effective_date", true);
            Map<String, Row> models = block.namedObjects("models", (id, row) -> {
                Integer window = row.has("context_window") ? row.integer("context_window", 0, 1, 100_000_000) : null;
                LocalDate own = date(row, "effective_date", false);
                String ownSource = row.string("source", false);
                Prices prices = PricesReader.read(row);
                return new Row(
                        id,
                        provider,
                        prices,
                        window,
                        own != null ? own : date != null ? date : LocalDate.MIN,
                        ownSource != null ? ownSource : page != null ? page : "");
            });
            for (Row r : models.values()) {
                String path = block.child("models") + "." + r.id();
                String earlier = where.putIfAbsent(r.id(), path);
                if (earlier != null) {
                    problems.add(new ConfigProblem(path, "defines '" + r.id() + "' again (first at " + earlier + ")"));
                } else {
                    rows.add(r);
                }
            }
            block.stringMap("aliases").forEach((alias, target) -> {
                String path = block.child("aliases") + "." + alias;
                if (aliasPaths.putIfAbsent(alias, path) != null) {
                    problems.add(new ConfigProblem(path, "defines alias '" + alias + "' again"));
                } else {
                    aliases.put(alias, target);
                }
            });
            return provider;
        });
        top.finish();
        aliases.forEach((alias, target) -> {
            String path = aliasPaths.getOrDefault(alias, alias);
            if (where.containsKey(alias)) {
                problems.add(new ConfigProblem(
                        path,
                        "is shadowed by the row at " + where.get(alias)
                                + ": an exact id wins, so the alias is never used"));
            } else if (aliases.containsKey(target)) {
                problems.add(new ConfigProblem(path, "names alias '" + target + "'; an alias names an exact id"));
            } else if (!where.containsKey(target)) {
                problems.add(new ConfigProblem(path, "names '" + target + "', which has no row"));
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return new PriceSheet(List.copyOf(rows), Map.copyOf(aliases));
    }

    static JsonNode readTree(String yaml, String source) throws ConfigException {
        try {
            JsonNode root = STRICT_YAML.readTree(yaml);
            if (root == null || root.isMissingNode() || root.isNull()) {
                return STRICT_YAML.createObjectNode();
            }
            if (!root.isObject()) {
                throw new ConfigException(source, List.of(new ConfigProblem("", "must be a mapping")));
            }
            return root;
        } catch (JsonProcessingException e) {
            String at =
                    e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new ConfigException(
                    source, List.of(new ConfigProblem("", "is not valid YAML" + at + ": " + e.getOriginalMessage())));
        }
    }

    static @Nullable LocalDate date(ConfigNode node, String field, boolean required) {
        String text = node.string(field, required);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            node.problem(field, "must be a date like 2025-10-01, got '" + text + "'");
            return null;
        }
    }
}
