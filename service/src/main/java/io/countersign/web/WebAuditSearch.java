package io.countersign.web;

import io.countersign.audit.AuditEntry;
import io.countersign.audit.AuditPage;
import io.countersign.audit.AuditReader;
import io.countersign.audit.InvalidAuditParameter;
import io.countersign.audit.Verification;
import io.countersign.ui.audit.AuditQuery;
import io.countersign.ui.audit.AuditQueryRefused;
import io.countersign.ui.audit.AuditRecord;
import io.countersign.ui.audit.AuditResults;
import io.countersign.ui.audit.AuditSearch;
import io.countersign.ui.audit.ChainStatus;
import io.countersign.ui.shared.Viewer;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Component;

/** The Audit page over {@link AuditReader}: the same queries, filters and verification as the auditor API. */
@Component
class WebAuditSearch implements AuditSearch {

    /** Enough to scan by eye, and the API's default page size. */
    static final int PAGE_SIZE = 50;

    private final AuditReader audit;

    WebAuditSearch(AuditReader audit) {
        this.audit = audit;
    }

    @Override
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN')")
    public AuditResults search(Viewer viewer, AuditQuery query, String cursor) {
        try {
            AuditPage page = audit.search(query.params(), cursor, PAGE_SIZE);
            return new AuditResults(withTitles(page.items()), page.nextCursor());
        } catch (InvalidAuditParameter invalid) {
            // The reader's message starts with the parameter's name; the page shows it next to that field anyway.
            String message = invalid.getMessage().substring(invalid.parameter().length() + 2);
            throw new AuditQueryRefused(invalid.parameter(), message);
        }
    }

    @Override
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN')")
    public List<AuditRecord> timeline(Viewer viewer, String requestId) {
        return withTitles(audit.timeline(requestId));
    }

    @Override
    @PreAuthorize("hasAnyRole('AUDITOR','ADMIN')")
    public ChainStatus verify(Viewer viewer) {
        Verification result = audit.verify();
        return new ChainStatus(result.valid(), result.entriesChecked(), result.firstBrokenSeq(), result.reason());
    }

    /** Requests are shown by title: an 8-character id tells an auditor nothing. */
    private List<AuditRecord> withTitles(List<AuditEntry> entries) {
        Map<String, String> titles = audit.titles(entries.stream().map(AuditEntry::requestId)
                .filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toSet()));
        return entries.stream().map(e -> record(e, e.requestId() == null ? null : titles.get(e.requestId()))).toList();
    }

    private static AuditRecord record(AuditEntry e, String title) {
        return new AuditRecord(e.seq(), e.id(), e.occurredAt(), e.type(), e.requestId(), e.actor(), e.actorKind(),
                e.remoteAddress(), e.planHash(), e.agentId(), e.requestedBy(), e.service(), e.environment(), e.tier(),
                e.outcome(), e.comment(), e.prevHash(), e.hash(), title);
    }
}
