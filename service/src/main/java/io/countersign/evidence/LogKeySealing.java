package io.countersign.evidence;

import io.countersign.audit.SecretSealing;
import io.countersign.security.SealedSecrets;
import org.springframework.stereotype.Component;

/** The audit log key is sealed like the approval-token keys: by {@link SealedSecrets}, under its own purpose. */
@Component
class LogKeySealing implements SecretSealing {

    private final SealedSecrets secrets;

    LogKeySealing(SealedSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public String seal(String purpose, String plain, String boundTo) {
        return secrets.seal(purpose, plain, boundTo);
    }

    @Override
    public String open(String purpose, String stored, String boundTo) {
        return secrets.open(purpose, stored, boundTo);
    }
}
