package io.countersign.ui.inbox;

import io.countersign.ui.shared.CurrentViewer;
import io.countersign.ui.shared.Viewer;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Every page's tab title carries the number of open approvals for the viewer (layout.html, js/tab-count.js). */
@ControllerAdvice(basePackages = "io.countersign.ui")
class OpenApprovalsInTitle {

    private final CurrentViewer currentViewer;
    private final InboxVisits visits;

    OpenApprovalsInTitle(CurrentViewer currentViewer, InboxVisits visits) {
        this.currentViewer = currentViewer;
        this.visits = visits;
    }

    @ModelAttribute("openApprovalCount")
    Integer openApprovalCount(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return null;
        }
        Viewer viewer = currentViewer.find(request);
        return viewer == null || !viewer.isApprover() ? null : visits.openForMe(viewer);
    }
}
