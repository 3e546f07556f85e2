package io.countersign.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.common.Sha256;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * SHA-256 over the RFC 8785 canonical JSON of what will run: the actions, the environment and the service. Title and
 * justification are prose and do not change what runs, so they are left out.
 */
final class PlanHash {

    private PlanHash() {
    }

    public static String of(ChangePlan plan, ObjectMapper json) {
        ObjectNode hashed = json.createObjectNode();
        hashed.set("actions", json.valueToTree(plan.actions()));
        hashed.put("environment", plan.environment());
        hashed.put("service", plan.service());
        return sha256Hex(canonical(hashed.toString()));
    }

    static String canonical(String jsonText) {
        try {
            return new JsonCanonicalizer(jsonText).getEncodedString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256Hex(String text) {
        return Sha256.hex(text);
    }
}
