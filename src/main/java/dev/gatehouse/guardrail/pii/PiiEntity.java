package dev.gatehouse.guardrail.pii;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The entity types detected without configuration; custom patterns add their own names. */
public enum PiiEntity {
    EMAIL,
    PHONE,
    CARD,
    IBAN,
    SSN,
    IP,
    SECRET;

    /** The name used in the config, in findings and (upper case) in placeholders. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<PiiEntity> fromId(String id) {
        return Arrays.stream(values()).filter(e -> e.id().equals(id)).findFirst();
    }

    static String ids() {
        return Arrays.stream(values()).map(PiiEntity::id).collect(Collectors.joining(", "));
    }
}
