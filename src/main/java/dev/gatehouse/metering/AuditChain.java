package dev.gatehouse.metering;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The audit log's hash chain. An entry is one JSON line whose last two fields are {@code prev} (the
 * previous entry's hash; 64 zeros for the first) and {@code hash}: the SHA-256, in hex, of the line's
 * exact bytes up to (not including) {@code ,"hash":}, followed by {@code }}. Changing, removing,
 * reordering or inserting an entry breaks its own hash or the next entry's {@code prev}.
 */
public final class AuditChain {

    public static final String GENESIS = "0".repeat(64);
    static final String HASH_FIELD = ",\"hash\":\"";

    private AuditChain() {}

    /** The line for {@code contentWithPrev} (a JSON object ending with its {@code prev} field, without the closing brace). */
    static String seal(String contentWithPrev) {
        return contentWithPrev + HASH_FIELD + sha256(contentWithPrev + "}") + "\"}";
    }

    /** What a line claims to be: its hashed part, stated hash and previous hash; {@code null} when it is not shaped as an entry. */
    record Parsed(String hashed, String hash, String prev) {}

    static @Nullable Parsed parse(String line) {
        int at = line.lastIndexOf(HASH_FIELD);
        if (at < 0 || !line.endsWith("\"}") || line.length() != at + HASH_FIELD.length() + 64 + 2) {
            return null;
        }
        String hashed = line.substring(0, at) + "}";
        String hash = line.substring(at + HASH_FIELD.length(), at + HASH_FIELD.length() + 64);
        int p = line.lastIndexOf(",\"prev\":\"", at);
        if (p < 0 || at - p != 9 + 64 + 1) {
            return null;
        }
        return new Parsed(hashed, hash, line.substring(p + 9, p + 9 + 64));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
