package dev.gatehouse.guardrail.pii;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.gatehouse.config.ConfigNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * What the PII guardrail looks for and what it does with each type:
 *
 * <pre>
 * entities: {email: redact, phone: mask_and_restore, card: block, ip: off}
 * default_action: redact          # built-in types not listed under entities
 * phone_regions: [US, GB, DE, FR] # national phone formats to recognise
 * custom:
 *   - {name: employee_id, pattern: "EMP-\\d{6}", action: mask_and_restore}
 * </pre>
 *
 * @param entities the action of every built-in type (the listed ones, the rest at the default)
 * @param phoneRegions ISO 3166 region codes whose national phone formats are recognised
 * @param custom the config's own patterns, each with its action
 */
public record PiiSettings(
        Map<PiiEntity, PiiAction> entities,
        PiiAction defaultAction,
        List<String> phoneRegions,
        List<CustomPattern> custom) {

    public static final List<String> DEFAULT_PHONE_REGIONS = List.of("US", "GB", "DE", "FR");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    public PiiSettings {
        EnumMap<PiiEntity, PiiAction> all = new EnumMap<>(PiiEntity.class);
        for (PiiEntity e : PiiEntity.values()) {
            all.put(e, entities.getOrDefault(e, defaultAction));
        }
        entities = Map.copyOf(all);
        phoneRegions = List.copyOf(phoneRegions);
        custom = List.copyOf(custom);
    }

    /** Every built-in type redacted, phone numbers of the default regions, no custom patterns. */
    public static PiiSettings defaults() {
        return new PiiSettings(Map.of(), PiiAction.REDACT, DEFAULT_PHONE_REGIONS, List.of());
    }

    public PiiAction action(PiiEntity entity) {
        PiiAction action = entities.get(entity);
        return action == null ? defaultAction : action;
    }

    /**
     * Reads the fields above from {@code node}, reporting each mistake with its path; the caller
     * finishes {@code node} (it may hold the guardrail's own fields, such as its name and type).
     */
    public static PiiSettings read(ConfigNode node) {
        PiiAction fallback = action(node, "default_action", PiiAction.REDACT);
        Map<PiiEntity, PiiAction> entities = new EnumMap<>(PiiEntity.class);
        ConfigNode listed = node.object("entities");
        if (listed != null) {
            for (String field : listed.fieldNames()) {
                PiiAction action = action(listed, field, fallback);
                PiiEntity.fromId(field)
                        .ifPresentOrElse(
                                e -> entities.put(e, action),
                                () -> listed.problem(
                                        field,
                                        "is not a PII type; the built-in types are " + PiiEntity.ids()
                                                + " (custom patterns go under custom)"));
            }
            listed.finish();
        }
        List<String> regions = node.has("phone_regions") ? regions(node) : DEFAULT_PHONE_REGIONS;
        Set<String> names = new HashSet<>();
        List<CustomPattern> custom = node.objectList("custom", item -> custom(item, fallback, names));
        return new PiiSettings(entities, fallback, regions, custom);
    }

    private static PiiAction action(ConfigNode node, String field, PiiAction fallback) {
        String name = node.string(field, false);
        if (name == null) {
            return fallback;
        }
        // YAML 1.1 reads a bare `off` as the boolean false.
        return PiiAction.fromConfig(name.equals("false") ? PiiAction.OFF.configName() : name)
                .orElseGet(() -> {
                    node.problem(field, "must be one of " + PiiAction.choices() + ", got '" + name + "'");
                    return fallback;
                });
    }

    private static List<String> regions(ConfigNode node) {
        Set<String> supported = PhoneNumberUtil.getInstance().getSupportedRegions();
        List<String> listed = node.strings("phone_regions");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            String region = listed.get(i).trim().toUpperCase(Locale.ROOT);
            if (supported.contains(region)) {
                out.add(region);
            } else {
                node.problem(
                        "phone_regions[" + i + "]",
                        "is not a region libphonenumber knows (ISO 3166 two-letter code such as US, GB, DE), got '"
                                + listed.get(i) + "'");
            }
        }
        return out;
    }

    private static @Nullable CustomPattern custom(ConfigNode item, PiiAction fallback, Set<String> names) {
        String name = item.string("name", true);
        String regex = item.string("pattern", true);
        PiiAction action = action(item, "action", fallback);
        if (name == null || regex == null) {
            return null;
        }
        if (!NAME.matcher(name).matches()) {
            item.problem(
                    "name", "must be lower case letters, digits and _ (starting with a letter), got '" + name + "'");
            return null;
        }
        if (PiiEntity.fromId(name).isPresent()) {
            item.problem("name", "is a built-in type; set its action under entities instead");
            return null;
        }
        if (!names.add(name)) {
            item.problem("name", "is used by another custom pattern");
            return null;
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            item.problem("pattern", "is not a valid regular expression: " + e.getDescription());
            return null;
        }
        if (pattern.matcher("").matches()) {
            item.problem("pattern", "matches the empty text; it must match at least one character");
            return null;
        }
        return new CustomPattern(name, pattern, action);
    }
}
