package dev.gatehouse.cache.semantic;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which preposition governs each salient item (a name, number, unit, format or time) and content word of
 * a text: "from English to Spanish" gives english→from, spanish→to, and "from Spanish to English" the
 * reverse. Sets of
 * words cannot tell those two apart; the roles can, while "to Canada, how long..." and "how long ... to
 * Canada" keep the same roles. A connector governs only the first salient item after it (determiners
 * skipped); any other word in between means it was not a direction ("how to install Docker").
 */
final class ConnectorRoles {

    static final String NONE = "-";

    private static final Map<String, String> CONNECTORS = Map.of(
            "to", "to",
            "into", "to",
            "onto", "to",
            "towards", "to",
            "toward", "to",
            "from", "from",
            "than", "than",
            "in", "in",
            "as", "in",
            "over", "over");

    private static final Set<String> DETERMINERS = Set.of(
            "the", "a", "an", "my", "your", "our", "their", "his", "her", "its", "this", "that", "these", "those",
            "some", "plain");

    /**
     * Units and formats: the only items "in" and "as" give a role to ("50 dollars in euros", "the data
     * as JSON"); before a name they only place the question ("in Python", "in git").
     */
    private static final Set<String> MEASURES = measures();

    private final Map<String, Set<String>> roles = new HashMap<>();
    private String pending = NONE;
    private boolean determinerSeen;

    private static Set<String> measures() {
        Set<String> m = new HashSet<>(Lexicon.UNITS.values());
        m.addAll(Lexicon.UNITS_AFTER_NUMBER.values());
        m.addAll(Lexicon.FORMATS.values());
        return Set.copyOf(m);
    }

    void sentenceStart() {
        pending = NONE;
    }

    /**
     * Notes one word and the salient items it carries (none for most words). A plain content word gets
     * a role only after "from" or "than", or after "to" with a determiner between ("to my computer"),
     * since "to" before a bare word is mostly an infinitive ("how to install").
     */
    void word(String w, List<String> items) {
        String connector = CONNECTORS.get(w);
        if (connector != null) {
            pending = connector;
            determinerSeen = false;
            return;
        }
        if (DETERMINERS.contains(w) && items.isEmpty()) {
            determinerSeen = true;
            return;
        }
        if (!items.isEmpty()) {
            for (String item : items) {
                String role = pending.equals("in") && !MEASURES.contains(item) ? NONE : pending;
                roles.computeIfAbsent(item, k -> new HashSet<>()).add(role);
            }
        } else if (!Lexicon.FUNCTION_WORDS.contains(w)) {
            boolean governed =
                    pending.equals("from") || pending.equals("than") || (pending.equals("to") && determinerSeen);
            roles.computeIfAbsent(w, k -> new HashSet<>()).add(governed ? pending : NONE);
        }
        pending = NONE;
        determinerSeen = false;
    }

    Map<String, Set<String>> roles() {
        Map<String, Set<String>> copy = new HashMap<>();
        roles.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        return Map.copyOf(copy);
    }

    /** The first item both texts have that a different connector governs in each, or null. */
    static @Nullable String firstDisagreement(Map<String, Set<String>> a, Map<String, Set<String>> b) {
        for (Map.Entry<String, Set<String>> e : a.entrySet()) {
            Set<String> other = b.get(e.getKey());
            if (other != null && !other.equals(e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }
}
