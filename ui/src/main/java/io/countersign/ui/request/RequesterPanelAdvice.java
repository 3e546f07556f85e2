package io.countersign.ui.request;

import io.countersign.ui.shared.Viewer;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The request page's engineer panel, beside whatever the page controller puts in the model, so the two parts of
 * the page are built (and changed) apart.
 */
@ControllerAdvice(assignableTypes = RequestController.class)
class RequesterPanelAdvice {

    private final RequesterActions actions;

    RequesterPanelAdvice(RequesterActions actions) {
        this.actions = actions;
    }

    @ModelAttribute("requesterPanel")
    RequesterPanel panel(Viewer viewer, @PathVariable(required = false) String id) {
        return id == null ? RequesterPanel.none() : actions.panel(viewer, id);
    }
}
