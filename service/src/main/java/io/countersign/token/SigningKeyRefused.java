package io.countersign.token;

/** A signing-key operation that would leave the service unable to sign, or names no key. */
public class SigningKeyRefused extends RuntimeException {
    public SigningKeyRefused(String reason) {
        super(reason);
    }
}
