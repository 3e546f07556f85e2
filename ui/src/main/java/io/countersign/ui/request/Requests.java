package io.countersign.ui.request;

import io.countersign.ui.shared.Decision;
import io.countersign.ui.shared.RequestNotFound;
import io.countersign.ui.shared.Viewer;
import java.util.List;
import java.util.Optional;

/** Port: one change request as a person sees it, and the decisions on it. Implemented by the service. */
public interface Requests {

    /** Empty if there is no such request or the viewer may not see it (both are a 404 to them). */
    Optional<RequestView> find(Viewer viewer, String requestId);

    /**
     * Takes the viewer's decision, with the same checks as the API (segregation of duties, comment rules).
     *
     * @param comment trimmed, {@code null} if left blank
     * @throws DecisionRefused  with a sentence for the approver
     * @throws RequestNotFound  if there is no such request or the viewer may not see it
     */
    DecisionRecorded decide(Viewer viewer, String requestId, Decision decision, String comment);

    /** The plans the viewer requested, newest first. */
    List<RequestSummary> myRequests(Viewer viewer);

    /** The deployed change-request BPMN (XML with diagram interchange), for the bpmn-js viewer. */
    String processDiagramXml();
}
