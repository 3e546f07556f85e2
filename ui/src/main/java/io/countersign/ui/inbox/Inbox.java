package io.countersign.ui.inbox;

import io.countersign.ui.shared.Viewer;
import java.util.List;

/**
 * Port: the approver's open approvals. Implemented by the service.
 *
 * <p>The page filters and orders the list itself, so the whole rule for "most urgent first" lives in one place;
 * an approver's queue is bounded by their groups' open tasks, small enough to hand over whole.
 */
public interface Inbox {

    /** Every open approval task the viewer's approver groups may decide, in any order. */
    List<InboxItem> openApprovals(Viewer viewer);

    /**
     * Marks the task as being worked on by the viewer; others still see it.
     *
     * @throws ClaimRefused with a reason for the page, e.g. someone else already claimed it
     */
    void claim(Viewer viewer, String taskId);

    /**
     * Releases the viewer's claim.
     *
     * @throws ClaimRefused with a reason for the page, e.g. the viewer does not hold the claim
     */
    void unclaim(Viewer viewer, String taskId);
}
