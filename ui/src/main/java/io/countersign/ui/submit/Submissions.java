package io.countersign.ui.submit;

import io.countersign.ui.shared.Viewer;

/**
 * Port: an engineer submits a change plan from the web. Implemented by the service with the same validation and
 * messages as {@code POST /api/v1/change-requests}; the viewer is the requesting engineer.
 */
public interface Submissions {

    /** The plan from the form. */
    SubmissionResult submit(Viewer viewer, PlanDraft plan);

    /**
     * A plan pasted or uploaded as the API's JSON body. A {@code requestedBy} in it naming someone other than the
     * viewer is a problem to report, not something to honour.
     */
    SubmissionResult submitJson(Viewer viewer, String json);
}
