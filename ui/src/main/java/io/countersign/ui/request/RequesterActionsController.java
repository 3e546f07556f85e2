package io.countersign.ui.request;

import io.countersign.ui.shared.Role;
import io.countersign.ui.shared.Viewer;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Withdraw from the request page. Revise is the submit page with the plan prefilled ({@code /requests/new?revise=}). */
@Controller
class RequesterActionsController {

    private final RequesterActions actions;

    RequesterActionsController(RequesterActions actions) {
        this.actions = actions;
    }

    @PostMapping("/requests/{id}/withdraw")
    String withdraw(Viewer viewer, @PathVariable String id, @RequestParam(required = false) String reason,
                    RedirectAttributes redirect) {
        if (!viewer.has(Role.ENGINEER)) {
            throw new AccessDeniedException("Only engineers withdraw plans, and only their own");
        }
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (why == null) {
            redirect.addFlashAttribute("problem", "Say why you withdraw the plan; the approvers and the audit log "
                    + "read it.");
            return "redirect:/requests/" + id + "#withdraw";
        }
        try {
            actions.withdraw(viewer, id, why);
            redirect.addFlashAttribute("notice", "Withdrawn. The plan will not be approved or run; its open "
                    + "approvals are closed.");
        } catch (WithdrawRefused refused) {
            redirect.addFlashAttribute("problem", refused.getMessage());
        }
        return "redirect:/requests/" + id;
    }
}
