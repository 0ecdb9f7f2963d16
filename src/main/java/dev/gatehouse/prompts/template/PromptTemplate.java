package dev.gatehouse.prompts.template;

import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * A named template: its versions by number and its labels. Immutable; a new version or a moved label
 * makes a new template object in the next registry snapshot.
 *
 * @param fromConfig whether the config file defines it (the config wins over the store for its ids)
 */
public record PromptTemplate(
        String id, SortedMap<Integer, PromptVersion> versions, Map<String, LabelTarget> labels, boolean fromConfig) {

    /** The label a request that names neither a version nor a label gets. */
    public static final String DEFAULT_LABEL = "production";

    public PromptTemplate {
        versions = Collections.unmodifiableSortedMap(new TreeMap<>(versions));
        labels = Map.copyOf(labels);
    }

    /**
     * The version a request chose and the label (the A/B arm) that chose it.
     *
     * @param label the label that picked the version; {@code null} when the request named the version
     */
    public record Choice(PromptVersion version, @Nullable String label) {}

    /**
     * The version a request asks for: {@code version} when it names one, else the version its label
     * ({@code production} by default) points at, picking an arm of a split at random, or by
     * {@code user} when it is given, so one user stays on one arm.
     *
     * @param param where the reference came from ({@code prompt}), for errors
     * @throws GatewayError 404 naming the version or label that does not exist
     */
    public Choice choose(@Nullable Integer version, @Nullable String label, @Nullable String user, String param) {
        if (version != null) {
            PromptVersion v = versions.get(version);
            if (v == null) {
                throw notFound("Prompt template '" + id + "' has no version " + version + ".", param + ".version");
            }
            return new Choice(v, null);
        }
        String name = label == null ? DEFAULT_LABEL : label;
        LabelTarget target = labels.get(name);
        if (target == null) {
            throw notFound(
                    "Prompt template '" + id + "' has no label '" + name + "'"
                            + (label == null ? " (the label used when a request names neither version nor label)" : "")
                            + ".",
                    param + (label == null ? "" : ".label"));
        }
        int ticket = user == null
                ? ThreadLocalRandom.current().nextInt(target.total())
                : target.stickyTicket(id, name, user);
        PromptVersion v = versions.get(target.pick(ticket));
        if (v == null) {
            // The store and the reader refuse a label naming a missing version; this is a broken snapshot.
            throw new IllegalStateException("label '" + name + "' of prompt '" + id + "' names a missing version");
        }
        return new Choice(v, name);
    }

    private static GatewayError notFound(String message, String param) {
        return GatewayError.of(ErrorKind.NOT_FOUND, message, param, "prompt_not_found");
    }
}
