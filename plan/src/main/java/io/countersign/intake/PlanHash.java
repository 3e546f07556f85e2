package io.countersign.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.countersign.common.Sha256;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * SHA-256 over the RFC 8785 canonical JSON of what will run: the actions, the environment and the service. Title and
 * justification are prose and do not change what runs, so they are left out.
 *
 * <p>The service and the {@code countersign} command both hash here, so the hash must not depend on how a caller's
 * JSON mapper is configured: this class owns its mapper. Absent fields are left out, as the service's mapper always
 * did ({@code spring.jackson.default-property-inclusion=non_null}); {@code PlanHashGoldenTest} pins the result.
 */
public final class PlanHash {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private PlanHash() {
    }

    public static String of(ChangePlan plan) {
        ObjectNode hashed = JSON.createObjectNode();
        hashed.set("actions", JSON.valueToTree(plan.actions()));
        hashed.put("environment", plan.environment());
        hashed.put("service", plan.service());
        return sha256Hex(canonical(hashed.toString()));
    }

    public static String canonical(String jsonText) {
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
