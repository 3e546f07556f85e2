package io.countersign.audit;

import java.util.List;
import java.util.Locale;

/**
 * The export file formats. Both carry every field of the canonical entry plus its hash, under the same names, so a
 * file can be verified offline by {@link VerifyExport}. In CSV an empty unquoted field is null and a quoted one ("")
 * is the empty string, because the hash tells the two apart.
 */
enum ExportFormat {
    CSV("text/csv", "csv"),
    JSON("application/json", "json");

    static final List<String> FIELDS = List.of("seq", "id", "occurredAt", "type", "requestId", "actor", "actorKind",
            "remoteAddress", "planHash", "agentId", "requestedBy", "service", "environment", "tier", "outcome",
            "comment", "details", "prevHash", "hash");

    private final String mediaType;
    private final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    String mediaType() {
        return mediaType;
    }

    String extension() {
        return extension;
    }

    static ExportFormat parse(String value) {
        if (value == null || value.isBlank()) {
            return JSON;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "csv" -> CSV;
            case "json" -> JSON;
            default -> throw new InvalidAuditParameter("format", "must be csv or json");
        };
    }
}
