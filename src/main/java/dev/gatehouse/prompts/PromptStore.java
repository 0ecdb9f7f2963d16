package dev.gatehouse.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.prompts.template.LabelTarget;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Durable prompt templates: their immutable numbered versions and their labels. The admin API writes
 * here after checking each definition ({@link dev.gatehouse.prompts.template.PromptDefinitions});
 * the registry requests read is built from {@link #all()}. Every write is one transaction that first
 * moves the change sequence, so writes are serialized (version numbers are handed out one at a time)
 * and other instances see that something changed. A version, once added, is never changed. Blocks
 * (JDBC): worker threads only.
 */
public interface PromptStore {

    /** A stored version: its number, its definition as given, and when it was added. */
    record StoredVersion(int version, JsonNode definition, Instant createdAt) {}

    /** A stored template with its versions (by number, ascending) and its labels' targets. */
    record StoredTemplate(String id, Instant createdAt, List<StoredVersion> versions, Map<String, JsonNode> labels) {
        public StoredTemplate {
            versions = List.copyOf(versions);
            labels = Map.copyOf(labels);
        }
    }

    /** How setting a label ended. */
    enum LabelOutcome {
        SET,
        NO_TEMPLATE,
        /** The target names a version the template does not have; nothing was written. */
        NO_VERSION
    }

    /** Every stored template, by id. */
    List<StoredTemplate> all();

    Optional<StoredTemplate> find(String id);

    /**
     * Creates a template with no versions yet.
     *
     * @throws dev.gatehouse.auth.DuplicateId when the id exists
     */
    void create(String id, Instant at);

    /** Adds the next version; its number, or empty when there is no such template. */
    OptionalInt addVersion(String id, JsonNode definition, Instant at);

    /** Points {@code label} at {@code target} (creating or moving it). */
    LabelOutcome setLabel(String id, String label, LabelTarget target, Instant at);

    /** Removes a label; whether it existed. */
    boolean deleteLabel(String id, String label);

    /** Deletes a template with its versions and labels; whether it existed. */
    boolean delete(String id);

    /** The change sequence: it moves with every write. */
    long changeSequence();
}
