package dev.gatehouse.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Providers and models kept in the store through the admin API ({@code stored_config:}).
 *
 * @param secretsKey the AES-256 key that seals stored provider credentials ({@code secrets_key},
 *     default the environment's {@code GATEHOUSE_SECRETS_KEY}: base64 of 32 bytes); null: none set,
 *     so the admin API refuses to store a credential
 * @param pollInterval how often each instance reads the store's change sequence, the fallback for a
 *     lost Redis message and the only news without Redis ({@code poll_interval}); zero never polls
 */
public record StoredConfigSettings(@Nullable SecretsKey secretsKey, Duration pollInterval) {

    public static final String KEY_VARIABLE = "GATEHOUSE_SECRETS_KEY";

    /** The key's bytes; its {@code toString} never shows them, so a logged config cannot leak it. */
    public static final class SecretsKey {
        private final byte[] bytes;

        private SecretsKey(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        /** The key in {@code base64}, or null when that is not base64 of exactly 32 bytes. */
        public static @Nullable SecretsKey parse(String base64) {
            try {
                byte[] bytes = Base64.getDecoder().decode(base64.strip());
                return bytes.length == 32 ? new SecretsKey(bytes) : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SecretsKey k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "SecretsKey[****]";
        }
    }

    /** No key, a one-second poll: what a config without the section gets when the environment has no key. */
    public static StoredConfigSettings defaults() {
        return new StoredConfigSettings(null, Duration.ofSeconds(1));
    }

    /** The defaults with the environment's key, for configs built without a file. */
    public static StoredConfigSettings fromEnvironment(Map<String, String> env) {
        String text = env.get(KEY_VARIABLE);
        SecretsKey key = text == null || text.isBlank() ? null : SecretsKey.parse(text);
        return new StoredConfigSettings(key, defaults().pollInterval());
    }

    static StoredConfigSettings read(ConfigNode top, Map<String, String> env) {
        StoredConfigSettings d = defaults();
        ConfigNode node = top.object("stored_config");
        String text = node == null ? null : node.string("secrets_key", false);
        boolean fromFile = text != null;
        if (text == null) {
            text = env.get(KEY_VARIABLE);
        }
        SecretsKey key = null;
        if (text != null && !text.isBlank()) {
            key = SecretsKey.parse(text);
            if (key == null && fromFile) {
                top.problem("stored_config.secrets_key", "must be base64 of 32 bytes");
            } else if (key == null) {
                top.problem("stored_config", "environment variable " + KEY_VARIABLE + " must be base64 of 32 bytes");
            }
        }
        if (node == null) {
            return new StoredConfigSettings(key, d.pollInterval());
        }
        Duration poll = node.duration("poll_interval", d.pollInterval());
        node.finish();
        return new StoredConfigSettings(key, poll);
    }
}
