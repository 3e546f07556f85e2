package io.countersign.ui.audit;

import java.util.List;

/** One page of audit entries; {@code nextCursor} is null on the last page. */
public record AuditResults(List<AuditRecord> rows, String nextCursor) {

    public AuditResults {
        rows = List.copyOf(rows);
    }

    public boolean hasNext() {
        return nextCursor != null;
    }
}
