package dev.gatehouse.hashing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The one way client keys are hashed, for storage and for lookup. */
public final class KeyHashing {

    /**
     * Cloned for each hash: looking SHA-256 up among the security providers ({@code getInstance})
     * cost as much as hashing a key, once per request (issue #20).
     */
    private static final MessageDigest PROTOTYPE = sha256();

    private KeyHashing() {}

    public static String sha256Hex(String secret) {
        return HexFormat.of().formatHex(fresh().digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest fresh() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return sha256();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
