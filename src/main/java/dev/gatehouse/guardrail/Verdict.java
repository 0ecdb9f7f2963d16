package dev.gatehouse.guardrail;

import java.util.List;
import java.util.Map;

/**
 * What a guardrail decided. Findings name what was found by type ({@code "email"},
 * {@code "injection:ignore_instructions"}), never the text itself, so they can go into usage records,
 * traces and logs.
 */
public sealed interface Verdict {

    /** What was found, by type; empty when nothing was. */
    List<String> findings();

    /** Let the texts through unchanged (possibly with findings, for a log-only policy). */
    record Allow(List<String> findings) implements Verdict {
        public Allow {
            findings = List.copyOf(findings);
        }

        public static Allow clean() {
            return new Allow(List.of());
        }
    }

    /**
     * Replace the texts with {@code segments} (same count and order as the input). {@code restore}
     * maps each placeholder that stands for a value the provider must not see back to that value, so
     * the answer can be given back to the client with its own data in it (empty when nothing is to be
     * restored).
     */
    record Redact(List<String> segments, Map<String, String> restore, List<String> findings) implements Verdict {
        public Redact {
            segments = List.copyOf(segments);
            restore = Map.copyOf(restore);
            findings = List.copyOf(findings);
        }
    }

    /** Refuse the request (or end the answer) with {@code reason}, which the client sees. */
    record Block(String reason, List<String> findings) implements Verdict {
        public Block {
            findings = List.copyOf(findings);
        }
    }
}
