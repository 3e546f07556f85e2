package io.countersign.ui.emergency;

import io.countersign.ui.shared.Viewer;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Break-glass and its review from the request page, through the same service as the API: the page asks nothing of
 * its own but that the person ticked "I confirm" (a form is easy to send by mistake). Refusals come back to the form
 * with the field named and what was typed kept.
 */
@Controller
class EmergencyController {

    private final Emergencies emergencies;

    EmergencyController(Emergencies emergencies) {
        this.emergencies = emergencies;
    }

    @PostMapping("/requests/{id}/break-glass")
    String breakGlass(Viewer viewer, @PathVariable String id, @RequestParam(required = false) String reason,
                      @RequestParam(required = false) String incidentRef,
                      @RequestParam(required = false) String confirm, RedirectAttributes redirect) {
        try {
            if (!"yes".equals(confirm)) {
                throw new EmergencyRefused("confirm", "Tick the box to confirm that you approve this plan alone "
                        + "and that two others will review it afterwards.");
            }
            emergencies.breakGlass(viewer, id, reason, incidentRef);
            redirect.addFlashAttribute("notice", "Glass broken: the plan is approved at once with an emergency "
                    + "token and a short window. Two other people must review it.");
            return "redirect:/requests/" + id;
        } catch (EmergencyRefused refused) {
            redirect.addFlashAttribute("breakGlassProblem", refused.getMessage());
            redirect.addFlashAttribute("breakGlassField", refused.field());
            redirect.addFlashAttribute("breakGlassReason", reason);
            redirect.addFlashAttribute("breakGlassIncident", incidentRef);
            return "redirect:/requests/" + id + "#break-glass";
        }
    }

    @PostMapping("/requests/{id}/break-glass/reviews")
    String review(Viewer viewer, @PathVariable String id, @RequestParam(required = false) String outcome,
                  @RequestParam(required = false) String comment, RedirectAttributes redirect) {
        try {
            emergencies.review(viewer, id, outcome, comment);
            redirect.addFlashAttribute("notice", "Review recorded.");
            return "redirect:/requests/" + id + "#break-glass-reviews";
        } catch (EmergencyRefused refused) {
            redirect.addFlashAttribute("reviewProblem", refused.getMessage());
            redirect.addFlashAttribute("reviewField", refused.field());
            redirect.addFlashAttribute("reviewOutcome", outcome);
            redirect.addFlashAttribute("reviewComment", comment);
            return "redirect:/requests/" + id + "#break-glass-review";
        }
    }
}
