package io.countersign.ui.request;

import io.countersign.ui.shared.RequestStatus;
import io.countersign.ui.shared.Tier;
import java.time.Instant;

/**
 * One line of "My requests".
 *
 * @param tier {@code null} until classified
 */
public record RequestSummary(String id, String title, String service, String environment, Tier tier,
                             RequestStatus status, Instant submittedAt, int approvals, int requiredApprovals) {
}
