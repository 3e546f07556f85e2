package io.countersign.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Secrets the application must read back (signing keys, webhook secrets), kept at rest under AES-GCM with a key
 * derived from the {@link MasterSecret} for each purpose. The row's id is bound in as associated data, so a sealed
 * value copied onto another row does not open.
 */
@Component
public class SealedSecrets {

    private static final String VERSION = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final MasterSecret master;
    private final SecureRandom random = new SecureRandom();

    SealedSecrets(MasterSecret master) {
        this.master = master;
    }

    public String seal(String purpose, String plain, String boundTo) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, purpose, iv, boundTo)
                    .doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return VERSION + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a " + purpose + " secret", e);
        }
    }

    public String open(String purpose, String stored, String boundTo) {
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(VERSION.length()));
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, purpose, Arrays.copyOf(all, IV_BYTES), boundTo);
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open the " + purpose + " secret of " + boundTo
                    + ": was the master secret (COUNTERSIGN_SECRETS_MASTERKEY) changed?", e);
        }
    }

    private Cipher cipher(int mode, String purpose, byte[] iv, String boundTo) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(master.derive(purpose), "AES"), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
