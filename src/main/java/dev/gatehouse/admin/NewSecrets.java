package dev.gatehouse.admin;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Fresh key secrets and ids (for the admin API and the dashboard). The secret is returned to the admin once and never stored. */
public final class NewSecrets {

    public static final String PREFIX = "sk-gh-";
    /** How much of a secret listings show: the fixed prefix and four random characters. */
    public static final int SHOWN = PREFIX.length() + 4;

    private static final SecureRandom RANDOM = new SecureRandom();

    private NewSecrets() {}

    /** {@code sk-gh-} and 32 URL-safe characters (192 random bits). */
    public static String secret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String id(String kind) {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return kind + "-" + HexFormat.of().formatHex(bytes);
    }
}
