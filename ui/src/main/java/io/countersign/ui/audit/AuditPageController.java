package io.countersign.ui.audit;

import io.countersign.ui.shared.RequestNotFound;
import io.countersign.ui.shared.Viewer;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Audit page: filters and results, one request's timeline, export links and chain verification. Everything is
 * a plain link or form, so it works without JavaScript.
 */
@Controller
class AuditPageController {

    static final List<String> TIERS = List.of("DENIED", "CRITICAL", "HIGH", "MEDIUM", "LOW");

    private final AuditSearch audit;

    AuditPageController(AuditSearch audit) {
        this.audit = audit;
    }

    @GetMapping("/audit")
    String search(Viewer viewer, @ModelAttribute("query") AuditQuery query,
                  @RequestParam(required = false) String cursor, Model model, HttpServletResponse response) {
        requireAuditor(viewer);
        model.addAttribute("tiers", TIERS);
        model.addAttribute("cursor", cursor);
        try {
            model.addAttribute("results", audit.search(viewer, query, cursor));
        } catch (AuditQueryRefused refused) {
            response.setStatus(422);
            model.addAttribute("fieldProblem", refused);
        }
        return "audit";
    }

    @GetMapping("/audit/requests/{id}")
    String timeline(Viewer viewer, @PathVariable String id, Model model) {
        requireAuditor(viewer);
        List<AuditRecord> entries = audit.timeline(viewer, id);
        if (entries.isEmpty()) {
            throw new RequestNotFound(id);
        }
        model.addAttribute("requestId", id);
        model.addAttribute("entries", entries);
        model.addAttribute("query", AuditQuery.ofRequest(id));
        model.addAttribute("title", entries.stream().map(AuditRecord::title).filter(t -> t != null).findFirst()
                .orElse(null));
        return "audit-timeline";
    }

    /** A POST, because walking the whole chain is work the server should not do for a prefetched link. */
    @PostMapping("/audit/verify")
    String verify(Viewer viewer, RedirectAttributes redirect) {
        requireAuditor(viewer);
        redirect.addFlashAttribute("chain", audit.verify(viewer));
        return "redirect:/audit";
    }

    private static void requireAuditor(Viewer viewer) {
        if (!viewer.canAudit()) {
            throw new AccessDeniedException("Only auditors and admins read the audit log");
        }
    }
}
