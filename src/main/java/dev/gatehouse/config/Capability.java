package dev.gatehouse.config;

import org.jspecify.annotations.Nullable;

/** What a deployment can do; a request needing one never goes to a deployment without it. */
public enum Capability {
    TOOLS("tools"),
    VISION("vision"),
    JSON_MODE("json_mode"),
    STREAMING("streaming");

    private final String configName;

    Capability(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    static @Nullable Capability parse(String name) {
        for (Capability c : values()) {
            if (c.configName.equals(name)) {
                return c;
            }
        }
        return null;
    }
}
