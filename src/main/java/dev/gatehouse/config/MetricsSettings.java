package dev.gatehouse.config;

import org.jspecify.annotations.Nullable;

/**
 * The cardinality guard of the request metrics ({@code metrics:}): how many distinct values a label
 * may take before further values are reported as {@code other}, so a flood of keys or made-up model
 * names cannot grow {@code /metrics} without bound.
 *
 * @param maxKeys distinct key ids, and separately team ids ({@code max_keys})
 * @param maxTags distinct request tags ({@code max_tags})
 * @param maxModels distinct public model names ({@code max_models}); a wildcard model group lets
 *     clients name any model
 */
public record MetricsSettings(int maxKeys, int maxTags, int maxModels) {

    public static MetricsSettings defaults() {
        return new MetricsSettings(1000, 100, 200);
    }

    static MetricsSettings read(@Nullable ConfigNode node) {
        MetricsSettings d = defaults();
        if (node == null) {
            return d;
        }
        MetricsSettings s = new MetricsSettings(
                node.integer("max_keys", d.maxKeys(), 0, 1_000_000),
                node.integer("max_tags", d.maxTags(), 0, 100_000),
                node.integer("max_models", d.maxModels(), 0, 100_000));
        node.finish();
        return s;
    }
}
