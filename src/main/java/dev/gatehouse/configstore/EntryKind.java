package dev.gatehouse.configstore;

import org.jspecify.annotations.Nullable;

/** What a stored entry defines: a provider ({@code providers.<name>}) or a model group ({@code models[]}). */
public enum EntryKind {
    PROVIDER("provider"),
    MODEL("model");

    private final String wire;

    EntryKind(String wire) {
        this.wire = wire;
    }

    /** The name in the store's {@code kind} column and in admin answers' {@code object}. */
    public String wire() {
        return wire;
    }

    static @Nullable EntryKind parse(String wire) {
        for (EntryKind k : values()) {
            if (k.wire.equals(wire)) {
                return k;
            }
        }
        return null;
    }
}
