package io.countersign.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Checkpoints as C2SP signed notes ({@code c2sp.org/tlog-checkpoint} in a {@code c2sp.org/signed-note}): the text
 * is the origin, the tree size in decimal and the base64 root hash, one per line; after a blank line, one signature
 * line "— key name base64(key ID || signature)". The signature type is 0x02 (ECDSA, here NIST P-256 with SHA-256,
 * ASN.1 DER signature); the key ID is the first four bytes of SHA-256(key name || 0x0A || 0x02 || SPKI DER public
 * key), the note spec's recommended derivation with the key's SPKI encoding. A verifier key ("vkey") is written
 * {@code name+hex key ID+base64(0x02 || SPKI)}, as note verifier keys are. Used by the server and, without it, by
 * the offline verifier: nothing here needs Spring or the database.
 */
final class SignedNote {

    static final byte ECDSA = 0x02;
    private static final String DASH = "\u2014 ";
    private static final Pattern KEY_NAME = Pattern.compile("[^\\s+]+");
    private static final HexFormat HEX = HexFormat.of();

    /** A note that cannot be trusted, and why. */
    static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason);
        }
    }

    /** What a verified checkpoint says. */
    record Checkpoint(String origin, long treeSize, byte[] rootHash) {
        String rootHex() {
            return HEX.formatHex(rootHash);
        }
    }

    /** A public key that verifies notes, with the name and key ID the signature lines carry. */
    record VerifierKey(String name, byte[] keyId, byte[] spki) {

        VerifierKey {
            if (!KEY_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a note key name must be non-empty, without spaces or '+'");
            }
        }

        static VerifierKey of(String name, PublicKey key) {
            byte[] spki = key.getEncoded();
            return new VerifierKey(name, SignedNote.keyId(name, spki), spki);
        }

        /** Parses {@code name+keyid+base64(0x02 || SPKI)}. */
        static VerifierKey parse(String vkey) throws Rejected {
            String[] parts = vkey.strip().split("\\+", 3);
            if (parts.length != 3) {
                throw new Rejected("a log key is written name+keyid+key");
            }
            try {
                byte[] typed = Base64.getDecoder().decode(parts[2]);
                if (typed.length < 2 || typed[0] != ECDSA) {
                    throw new Rejected("the log key is not an ECDSA (type 0x02) note key");
                }
                var key = new VerifierKey(parts[0], HEX.parseHex(parts[1]), Arrays.copyOfRange(typed, 1, typed.length));
                if (!Arrays.equals(key.keyId(), SignedNote.keyId(key.name(), key.spki()))) {
                    throw new Rejected("the log key's id does not match its name and public key");
                }
                return key;
            } catch (IllegalArgumentException e) {
                throw new Rejected("the log key is malformed: " + e.getMessage());
            }
        }

        String keyIdHex() {
            return HEX.formatHex(keyId);
        }

        String encoded() {
            byte[] typed = new byte[spki.length + 1];
            typed[0] = ECDSA;
            System.arraycopy(spki, 0, typed, 1, spki.length);
            return name + "+" + keyIdHex() + "+" + Base64.getEncoder().encodeToString(typed);
        }

        PublicKey publicKey() throws GeneralSecurityException {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        }
    }

    private SignedNote() {
    }

    static String body(String origin, long treeSize, byte[] rootHash) {
        if (origin.isBlank() || origin.contains("\n")) {
            throw new IllegalArgumentException("a checkpoint origin is one non-empty line");
        }
        return origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
    }

    static String sign(String body, VerifierKey key, PrivateKey privateKey) {
        try {
            var signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(privateKey);
            signer.update(body.getBytes(StandardCharsets.UTF_8));
            byte[] signature = signer.sign();
            byte[] line = ByteBuffer.allocate(4 + signature.length).put(key.keyId()).put(signature).array();
            return body + "\n" + DASH + key.name() + " " + Base64.getEncoder().encodeToString(line) + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a checkpoint", e);
        }
    }

    /** Checks the note's signature by {@code key} and reads the checkpoint it signs. */
    static Checkpoint verify(String note, VerifierKey key) throws Rejected {
        if (!note.endsWith("\n")) {
            throw new Rejected("a signed note ends with a newline");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new Rejected("a signed note has a blank line between its text and its signatures");
        }
        String body = note.substring(0, split + 1);
        boolean known = false;
        for (String line : note.substring(split + 2).split("\n")) {
            if (!line.startsWith(DASH)) {
                throw new Rejected("a signature line starts with an em dash and a space");
            }
            String[] parts = line.substring(DASH.length()).split(" ");
            if (parts.length != 2) {
                throw new Rejected("a signature line is: em dash, key name, signature");
            }
            byte[] signature;
            try {
                signature = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new Rejected("a signature is not base64");
            }
            if (signature.length < 5 || !parts[0].equals(key.name())
                    || !Arrays.equals(Arrays.copyOf(signature, 4), key.keyId())) {
                continue; // a signature by some other key (a witness's cosignature): not ours to check
            }
            known = true;
            if (!signatureHolds(body, Arrays.copyOfRange(signature, 4, signature.length), key)) {
                throw new Rejected("the signature by " + key.name() + " does not match the note's text");
            }
        }
        if (!known) {
            throw new Rejected("the note carries no signature by " + key.name() + " (key id " + key.keyIdHex() + ")");
        }
        return parseBody(body);
    }

    private static boolean signatureHolds(String body, byte[] signature, VerifierKey key) throws Rejected {
        try {
            var verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key.publicKey());
            verifier.update(body.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new Rejected("the log key cannot verify: " + e.getMessage());
        }
    }

    private static Checkpoint parseBody(String body) throws Rejected {
        String[] lines = body.split("\n");
        if (lines.length < 3) {
            throw new Rejected("a checkpoint names its origin, tree size and root hash");
        }
        try {
            long size = Long.parseLong(lines[1]);
            byte[] root = Base64.getDecoder().decode(lines[2]);
            if (size < 0 || root.length != Merkle.HASH_BYTES || !lines[1].equals(Long.toString(size))) {
                throw new Rejected("a checkpoint's size is a decimal number and its root 32 bytes");
            }
            return new Checkpoint(lines[0], size, root);
        } catch (IllegalArgumentException e) {
            throw new Rejected("a checkpoint's size is a decimal number and its root base64");
        }
    }

    static byte[] keyId(String name, byte[] spki) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0x0A);
            digest.update(ECDSA);
            return Arrays.copyOf(digest.digest(spki), 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
