package dev.gatehouse.configstore;

import dev.gatehouse.config.StoredConfigSettings.SecretsKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals stored credentials with AES-256-GCM (JDK {@code javax.crypto}): a fresh random 96-bit nonce
 * per seal, a 128-bit tag, and the entry's kind and name as associated data, so a sealed value moved
 * to another row does not open. Sealed text is {@code v1:} and base64 of nonce then ciphertext.
 * Thread-safe (a {@code Cipher} per call).
 */
public final class SecretBox {

    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** The sealed text does not open: another key, another row, or changed bytes. */
    public static final class CannotOpen extends Exception {
        CannotOpen(String message) {
            super(message, null, false, false);
        }
    }

    public SecretBox(SecretsKey key) {
        this.key = new SecretKeySpec(key.bytes(), "AES");
    }

    public String seal(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX
                    + Base64.getEncoder()
                            .encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                                    .put(nonce)
                                    .put(sealed)
                                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    public String open(String sealed, String context) throws CannotOpen {
        if (!sealed.startsWith(PREFIX)) {
            throw new CannotOpen("is not sealed in a format this gateway knows");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new CannotOpen("is not valid base64");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new CannotOpen("is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new CannotOpen("does not open with this secrets key (another key, or changed)");
        } catch (GeneralSecurityException e) {
            throw new CannotOpen("cannot be opened: " + e.getClass().getSimpleName());
        }
    }
}
