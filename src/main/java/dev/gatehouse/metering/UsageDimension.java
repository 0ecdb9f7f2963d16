package dev.gatehouse.metering;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** A dimension reports filter and group by, with its column in the records and rollup tables. */
public enum UsageDimension {
    KEY_ID("key_id"),
    USER_ID("user_id"),
    TEAM_ID("team_id"),
    MODEL("public_model"),
    PROVIDER("provider"),
    TAG("tag"),
    CACHE("cache"),
    PROMPT_ID("prompt_id"),
    PROMPT_VERSION("prompt_version"),
    PROMPT_ARM("prompt_arm");

    private final String column;

    UsageDimension(String column) {
        this.column = column;
    }

    /** Whether the daily rollups keep this dimension; reports on the others read the records. */
    public boolean inRollups() {
        return this != TAG && this != CACHE && this != PROMPT_ID && this != PROMPT_VERSION && this != PROMPT_ARM;
    }

    public String column() {
        return column;
    }

    /** The name used in the API, CSV and CLI ({@code key_id}, {@code model}, ...). */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The dimension of an API name, or {@code null}. */
    public static @Nullable UsageDimension parse(String name) {
        for (UsageDimension d : values()) {
            if (d.apiName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        return null;
    }
}
