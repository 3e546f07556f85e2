package io.countersign.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One page of entries, newest first; {@code nextCursor} is absent on the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditPage(List<AuditEntry> items, String nextCursor) {
}
