package io.countersign.token;

/** No signing key with this key id exists. */
public class SigningKeyNotFound extends RuntimeException {
    public SigningKeyNotFound(String kid) {
        super("no signing key " + kid);
    }
}
