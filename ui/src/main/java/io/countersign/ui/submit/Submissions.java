package io.countersign.ui.submit;

import io.countersign.ui.shared.RequestNotFound;
import io.countersign.ui.shared.Viewer;

/**
 * Port: an engineer submits a change plan from the web. Implemented by the service with the same validation and
 * messages as {@code POST /api/v1/change-requests}; the viewer is the requesting engineer.
 */
public interface Submissions {

    /** The plan from the form. A plan with {@code revisionOf} revises that request, as the API's field does. */
    SubmissionResult submit(Viewer viewer, PlanDraft plan);

    /**
     * A plan pasted or uploaded as the API's JSON body. A {@code requestedBy} in it naming someone other than the
     * viewer, or an {@code agent} (only an agent token names one), is a problem to report, not something to honour.
     */
    SubmissionResult submitJson(Viewer viewer, String json);

    /** The policy dry run: tier, rule, who must approve, timers. Stores nothing and writes no audit entry. */
    PolicyPreview check(Viewer viewer, PlanDraft plan);

    /** The services and environments the form offers. */
    PlanChoices choices(Viewer viewer);

    /**
     * The plan of a request, to edit into its revision.
     *
     * @throws RequestNotFound if there is no such request, the viewer may not see it, or it is not the viewer's to
     *                         revise now (pending, or sent back with "request changes")
     */
    PlanDraft revisionDraft(Viewer viewer, String requestId);
}
