package io.countersign.ui.request;

import io.countersign.ui.shared.Decision;
import io.countersign.ui.shared.RequestNotFound;
import io.countersign.ui.shared.Role;
import io.countersign.ui.shared.SlaState;
import io.countersign.ui.shared.Stalls;
import io.countersign.ui.shared.UiClock;
import io.countersign.ui.shared.Viewer;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class RequestController {

    private final Requests requests;
    private final UiClock clock;
    private final Stalls stalls;

    RequestController(Requests requests, UiClock clock, Stalls stalls) {
        this.requests = requests;
        this.clock = clock;
        this.stalls = stalls;
    }

    @GetMapping("/requests/{id}")
    String show(Viewer viewer, @PathVariable String id,
                @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        String page = render(viewer, id, null, model);
        // htmx polls the decision card's state (status, progress, approvals) so a decision by someone else shows up.
        if (htmx != null) {
            model.addAttribute("liveRefresh", true);
            return "request :: live-state";
        }
        return page;
    }

    @PostMapping("/requests/{id}/decision")
    String decide(Viewer viewer, @PathVariable String id, @RequestParam(required = false) String decision,
                  @RequestParam(required = false) String comment, Model model, HttpServletResponse response,
                  RedirectAttributes redirect) {
        if (!viewer.has(Role.APPROVER)) {
            throw new AccessDeniedException("Only approvers decide");
        }
        RequestView request = load(viewer, id);
        String trimmed = comment == null || comment.isBlank() ? null : comment.strip();
        Optional<Decision> chosen = parse(decision);
        if (chosen.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", "Choose approve, reject or request changes.");
            return render(request, trimmed, model);
        }
        if (trimmed == null && request.mayDecide(chosen.get()) && request.needsComment(chosen.get())) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("commentError",
                    "A comment is required to " + chosen.get().label().toLowerCase() + " this plan.");
            return render(request, null, model);
        }
        try {
            DecisionRecorded recorded = requests.decide(viewer, id, chosen.get(), trimmed);
            redirect.addFlashAttribute("notice", recorded.summary());
            return "redirect:/requests/" + id;
        } catch (DecisionRefused refused) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("problem", refused.getMessage());
            // Shown in the decision card too, where the approver looks: what was concluded, by whom, when.
            model.addAttribute("refusal", refused);
            // Re-read: whatever made the service refuse may also have changed what the page should offer.
            return render(viewer, id, trimmed, model);
        }
    }

    @GetMapping(path = "/process-diagram.bpmn")
    ResponseEntity<String> processDiagram() {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_XML)
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePrivate())
                .body(requests.processDiagramXml());
    }

    private String render(Viewer viewer, String id, String comment, Model model) {
        return render(load(viewer, id), comment, model);
    }

    private String render(RequestView request, String comment, Model model) {
        model.addAttribute("request", request);
        List<Decision> decisions = Arrays.stream(Decision.values()).filter(request::mayDecide).toList();
        model.addAttribute("decisions", decisions);
        model.addAttribute("commentRequired", decisions.stream().filter(request::needsComment).toList());
        model.addAttribute("comment", comment);
        model.addAttribute("sla", request.status().isOpen() && request.slaDueAt() != null
                ? SlaState.of(request.slaDueAt(), clock.now()) : null);
        model.addAttribute("activeElementIds", String.join(" ", request.activeElementIds()));
        model.addAttribute("lifecycle", Lifecycle.of(request.status(), request.tier()));
        model.addAttribute("stall", stalls.of(List.of(request.id())).get(request.id()));
        return "request";
    }

    private RequestView load(Viewer viewer, String id) {
        return requests.find(viewer, id).orElseThrow(() -> new RequestNotFound(id));
    }

    private static Optional<Decision> parse(String decision) {
        return Arrays.stream(Decision.values()).filter(d -> d.name().equals(decision)).findFirst();
    }
}
