package dev.gatehouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A file holding only a top-level {@code prices:} section, in the config's format, read the way the
 * config reads that section (for {@code gatehouse prices check}). A key given twice is a problem here,
 * where a config file would let the last one win.
 */
public final class PriceFile {

    private PriceFile() {}

    public static Map<String, PriceOverride> parse(String yaml, String source, Map<String, String> env)
            throws ConfigException {
        JsonNode root = PriceSheet.readTree(yaml, source);
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigNode top = new ConfigNode(root, "", problems, new EnvSubstitution(env));
        if (!top.has("prices")) {
            top.problem("prices", "is required: the file holds a prices: section");
        }
        Map<String, PriceOverride> prices = UsageSettingsReader.prices(top);
        top.finish();
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return prices;
    }
}
