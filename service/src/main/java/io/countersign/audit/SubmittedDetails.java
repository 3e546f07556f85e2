package io.countersign.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;

/** The details of a SUBMITTED entry as the search reads them: the title and, per action, what it changes. */
record SubmittedDetails(JsonNode details) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static SubmittedDetails parse(String details) {
        try {
            return new SubmittedDetails(JSON.readTree(details));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored audit details are not JSON", e);
        }
    }

    String title() {
        JsonNode title = details.get("title");
        return title == null || !title.isTextual() ? null : title.asText();
    }

    /** Whether this submission has an action matching operation and resource together, and the title. */
    boolean matches(AuditFilter filter, String requestId) {
        if (filter.title() != null && !contains(title(), filter.title())) {
            return false;
        }
        if (filter.requestId() != null && !requestId.startsWith(filter.requestId())
                && !contains(title(), filter.requestId())) {
            return false;
        }
        if (filter.operation() == null && filter.resource() == null) {
            return true;
        }
        JsonNode changes = details.path("changes");
        for (JsonNode change : changes) {
            if ((filter.operation() == null || filter.operation().equals(change.path("operation").asText()))
                    && (filter.resource() == null || contains(change.path("resource").asText(null), filter.resource()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(String value, String part) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }
}
