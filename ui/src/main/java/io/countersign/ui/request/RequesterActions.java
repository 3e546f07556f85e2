package io.countersign.ui.request;

import io.countersign.ui.shared.RequestNotFound;
import io.countersign.ui.shared.Viewer;

/**
 * Port: what the requesting side of a plan may do on its page (withdraw it, revise it), and whether anybody can
 * approve it. Implemented by the service with the API's rules: only the requesting side withdraws or revises.
 */
public interface RequesterActions {

    /** For the request page; {@link RequesterPanel#none()} if there is no such request or the viewer may not see it. */
    RequesterPanel panel(Viewer viewer, String requestId);

    /**
     * Withdraws the plan, as {@code POST /api/v1/change-requests/{id}/withdraw} does, with the same audit entry.
     *
     * @param reason trimmed, {@code null} if left blank
     * @throws WithdrawRefused with a sentence for the requester (not theirs, no longer pending)
     * @throws RequestNotFound if there is no such request or the viewer may not see it
     */
    void withdraw(Viewer viewer, String requestId, String reason);
}
