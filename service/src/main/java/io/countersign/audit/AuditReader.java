package io.countersign.audit;

import java.util.List;
import java.util.Map;

/**
 * What other capabilities (the web pages) may read of the audit log; the same queries the auditor API answers.
 * Filters are the API's query parameters by name, so the page and the API cannot drift apart.
 */
public interface AuditReader {

    /**
     * Newest first, {@code limit} entries after {@code cursor} (null for the first page).
     *
     * @throws InvalidAuditParameter naming the filter or cursor that cannot be used
     */
    AuditPage search(Map<String, String> filters, String cursor, int limit);

    /** The title each of these requests was submitted with; requests the log has no title for are left out. */
    Map<String, String> titles(java.util.Collection<String> requestIds);

    /** Every entry of one change request, oldest first; empty if the log knows no such request. */
    List<AuditEntry> timeline(String requestId);

    /** Walks the whole chain: intact with the number of entries, or the first broken link and why. */
    Verification verify();
}
