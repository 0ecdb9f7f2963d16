package dev.gatehouse.config;

import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Reads a {@code cache:} section strictly, on top of the settings it overrides. */
final class CacheSettingsReader {

    private CacheSettingsReader() {}

    /**
     * @param base the values of fields the section leaves out (the defaults, or the top level's for a group)
     * @param topLevel whether this is the top-level section, the only one that may size the cache
     */
    static CacheSettings read(@Nullable ConfigNode node, CacheSettings base, boolean topLevel) {
        if (node == null) {
            return base;
        }
        CacheSettings.Mode mode = choice(node, "mode", CacheSettings.Mode.class, base.mode());
        Duration ttl = node.duration("ttl", base.ttl());
        if (ttl.isZero()) {
            node.problem("ttl", "must be more than 0");
        }
        CacheSettings.Scope scope = choice(node, "scope", CacheSettings.Scope.class, base.scope());
        long maxEntries = base.maxEntries();
        if (node.has("max_entries")) {
            if (topLevel) {
                maxEntries = node.integer("max_entries", (int) base.maxEntries(), 1, 100_000_000);
            } else {
                node.problem("max_entries", "sizes the whole cache and is set in the top-level cache section only");
            }
        }
        double threshold = base.threshold();
        String embeddingModel = base.embeddingModel();
        ConfigNode semantic = node.object("semantic");
        if (semantic != null) {
            threshold = semantic.number("threshold", base.threshold(), 0.0, 1.0);
            String model = semantic.string("embedding_model", false);
            if (model != null && model.isBlank()) {
                semantic.problem("embedding_model", "must not be empty");
            } else if (model != null) {
                embeddingModel = model;
            }
            semantic.finish();
        }
        node.finish();
        return new CacheSettings(mode, ttl, scope, maxEntries, threshold, embeddingModel);
    }

    private static <E extends Enum<E>> E choice(ConfigNode node, String field, Class<E> type, E fallback) {
        String text = node.string(field, fallback.name().toLowerCase(Locale.ROOT));
        if (type == CacheSettings.Mode.class && text.equals("false")) {
            // YAML 1.1 reads an unquoted `off` as the boolean false.
            text = "off";
        }
        for (E value : type.getEnumConstants()) {
            if (value.name().toLowerCase(Locale.ROOT).equals(text)) {
                return value;
            }
        }
        StringBuilder choices = new StringBuilder();
        for (E value : type.getEnumConstants()) {
            choices.append(choices.length() == 0 ? "" : ", ")
                    .append(value.name().toLowerCase(Locale.ROOT));
        }
        node.problem(field, "must be one of " + choices + ", got '" + text + "'");
        return fallback;
    }
}
