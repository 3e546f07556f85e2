package io.countersign.ui.audit;

import io.countersign.ui.shared.Viewer;
import java.util.List;

/** The audit log as the Audit page reads it. Only auditors and admins reach the page. */
public interface AuditSearch {

    /**
     * One page of entries, newest first, starting after {@code cursor} (null for the first page).
     *
     * @throws AuditQueryRefused naming the filter that cannot be used, so the page shows it next to that field
     */
    AuditResults search(Viewer viewer, AuditQuery query, String cursor);

    /** Every entry of one change request, oldest first; empty if the log has none. */
    List<AuditRecord> timeline(Viewer viewer, String requestId);

    /** Walks the whole hash chain. */
    ChainStatus verify(Viewer viewer);
}
