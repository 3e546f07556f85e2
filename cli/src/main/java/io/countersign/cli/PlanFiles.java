package io.countersign.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.countersign.intake.ChangePlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Plans as files and as the server sends them, read as strictly as the service reads a submission (unknown fields,
 * duplicate keys, trailing content and coerced scalars are errors), so what is hashed here is what was approved there.
 */
final class PlanFiles {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private PlanFiles() {
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw Stop.badInput("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static ChangePlan read(Path file) {
        return parse(text(file), file.toString());
    }

    static ChangePlan parse(String json, String source) {
        try {
            ChangePlan plan = STRICT.readValue(json, ChangePlan.class);
            if (plan == null || plan.actions() == null || plan.actions().isEmpty()) {
                throw Stop.badInput(source + " is not a change plan: it has no actions", null);
            }
            return plan;
        } catch (JsonProcessingException e) {
            throw Stop.badInput(source + " is not a change plan: " + e.getOriginalMessage(), e);
        }
    }
}
