package io.countersign.ui.request;

import io.countersign.ui.shared.Decision;
import java.time.Instant;
import java.util.Set;

/**
 * A decision already taken on the request.
 *
 * @param groups the approver groups the person decided for
 */
public record ApprovalView(String approver, Set<String> groups, Decision outcome, Instant decidedAt,
                           String comment) {

    public ApprovalView {
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }
}
