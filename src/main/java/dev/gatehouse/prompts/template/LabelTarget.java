package dev.gatehouse.prompts.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Where a label points: one version, or several with integer weights (an A/B split). Immutable.
 *
 * @param arms the versions and their weights; one arm for a plain label
 */
public record LabelTarget(List<Arm> arms) {

    /** One version of a split and its share, {@code weight / total}. */
    public record Arm(int version, int weight) {}

    public LabelTarget {
        arms = List.copyOf(arms);
        if (arms.isEmpty()) {
            throw new IllegalArgumentException("a label points at one version at least");
        }
    }

    public static LabelTarget of(int version) {
        return new LabelTarget(List.of(new Arm(version, 1)));
    }

    public int total() {
        return arms.stream().mapToInt(Arm::weight).sum();
    }

    /** The version of the arm that the point {@code ticket} (0 to total - 1) falls into. */
    public int pick(int ticket) {
        int at = 0;
        for (Arm arm : arms) {
            at += arm.weight();
            if (ticket < at) {
                return arm.version();
            }
        }
        return arms.get(arms.size() - 1).version();
    }

    /**
     * The ticket of a caller who gave a {@code user}: the same user always lands on the same arm of
     * the same template's label while its weights stay, independent of the JVM (SHA-256 of the three).
     */
    public int stickyTicket(String templateId, String label, String user) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((templateId + '\n' + label + '\n' + user).getBytes(StandardCharsets.UTF_8));
            long n = 0;
            for (int i = 0; i < 8; i++) {
                n = (n << 8) | (hash[i] & 0xff);
            }
            return (int) Long.remainderUnsigned(n, total());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** As the admin API shows and takes it: {@code {"version":3}} or {@code {"versions":[...]}}. */
    public JsonNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (arms.size() == 1) {
            return out.put("version", arms.get(0).version());
        }
        var list = out.putArray("versions");
        arms.forEach(a -> list.addObject().put("version", a.version()).put("weight", a.weight()));
        return out;
    }
}
