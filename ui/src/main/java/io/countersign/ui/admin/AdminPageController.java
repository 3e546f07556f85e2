package io.countersign.ui.admin;

import io.countersign.ui.shared.Role;
import io.countersign.ui.shared.UiClock;
import io.countersign.ui.shared.Viewer;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.function.Supplier;
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
 * The Admin page: stalled requests, agent tokens, signing keys, single sign-on links, and the teams directory (read-only: it is
 * configuration).
 */
@Controller
class AdminPageController {

    private final AgentTokenAdmin tokens;
    private final SigningKeyAdmin keys;
    private final TeamsDirectory teams;
    private final SsoIdentityAdmin identities;
    private final UiClock clock;
    private final StalledRequestAdmin stalled;

    AdminPageController(AgentTokenAdmin tokens, SigningKeyAdmin keys, SsoIdentityAdmin identities,
                        TeamsDirectory teams, UiClock clock, StalledRequestAdmin stalled) {
        this.tokens = tokens;
        this.identities = identities;
        this.keys = keys;
        this.teams = teams;
        this.clock = clock;
        this.stalled = stalled;
    }

    @GetMapping("/admin")
    String admin(Viewer viewer, Model model) {
        requireAdmin(viewer);
        return render(viewer, new TokenForm(), Map.of(), model);
    }

    /**
     * The new token is rendered in this response rather than after a redirect, so it never sits in the session
     * waiting for the next page; the security headers already forbid caching it.
     */
    @PostMapping("/admin/agent-tokens")
    String create(Viewer viewer, @ModelAttribute("form") TokenForm form, Model model, HttpServletResponse response) {
        requireAdmin(viewer);
        Map<String, String> problems = form.problems();
        if (problems.isEmpty()) {
            try {
                model.addAttribute("issued", tokens.create(viewer, form.toNewToken()));
                return "admin-token-issued";
            } catch (AgentTokenRefused refused) {
                problems = Map.of(refused.field(), refused.getMessage());
            }
        }
        response.setStatus(422);
        return render(viewer, form, problems, model);
    }

    @PostMapping("/admin/agent-tokens/{id}/revoke")
    String revoke(Viewer viewer, @PathVariable String id, RedirectAttributes redirect) {
        requireAdmin(viewer);
        return act(redirect, () -> "Revoked the token of " + tokens.revoke(viewer, id).agentId()
                + ". The API refuses it from now on.");
    }

    @PostMapping("/admin/signing-keys/rotate")
    String rotate(Viewer viewer, RedirectAttributes redirect) {
        requireAdmin(viewer);
        return act(redirect, () -> "Rotated. Key " + keys.rotate(viewer).kid()
                + " signs new approval tokens; the previous keys still verify.");
    }

    @PostMapping("/admin/signing-keys/{kid}/retire")
    String retire(Viewer viewer, @PathVariable String kid, RedirectAttributes redirect) {
        requireAdmin(viewer);
        return act(redirect, () -> "Retired key " + keys.retire(viewer, kid).kid()
                + ". Approval tokens it signed no longer verify.");
    }

    @PostMapping("/admin/sso-identities")
    String link(Viewer viewer, @RequestParam(defaultValue = "") String issuer,
                @RequestParam(defaultValue = "") String subject, @RequestParam(defaultValue = "") String username,
                RedirectAttributes redirect) {
        requireAdmin(viewer);
        return act(redirect, () -> {
            SsoIdentityRow row = identities.link(viewer, issuer.strip(), subject.strip(), username.strip());
            return "Linked " + row.subject() + " at " + row.issuer() + " to " + row.username()
                    + ". It signs in as " + row.username() + " from now on.";
        });
    }

    @PostMapping("/admin/sso-identities/unlink")
    String unlink(Viewer viewer, @RequestParam(defaultValue = "") String issuer,
                  @RequestParam(defaultValue = "") String subject, RedirectAttributes redirect) {
        requireAdmin(viewer);
        return act(redirect, () -> {
            identities.unlink(viewer, issuer, subject);
            return "Unlinked " + subject + " at " + issuer + ". It can no longer sign in.";
        });
    }

    @PostMapping("/admin/stalled-requests/{requestId}/retry")
    String retryStalled(Viewer viewer, @PathVariable String requestId, RedirectAttributes redirect) {
        requireAdmin(viewer);
        return act(redirect, () -> {
            stalled.retry(viewer, requestId);
            return "Retried " + requestId + ". The engine runs the step again; if it is refused again, the request"
                    + " shows as stalled again.";
        });
    }

    @PostMapping("/admin/stalled-requests/{requestId}/close")
    String closeStalled(Viewer viewer, @PathVariable String requestId,
                        @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        requireAdmin(viewer);
        if (reason == null || reason.isBlank()) {
            redirect.addFlashAttribute("problem", "Say why you close " + requestId + "; the reason is recorded.");
            return "redirect:/admin";
        }
        return act(redirect, () -> {
            stalled.close(viewer, requestId, reason.strip());
            return "Closed " + requestId + " for good. The requester sees it as rejected, with your reason.";
        });
    }

    private String render(Viewer viewer, TokenForm form, Map<String, String> problems, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("problems", problems);
        model.addAttribute("tokens", tokens.tokens(viewer));
        model.addAttribute("keys", keys.keys(viewer));
        model.addAttribute("ssoIdentities", identities.identities(viewer));
        model.addAttribute("teams", teams.teams());
        model.addAttribute("uncoveredGroups", teams.uncoveredGroups());
        model.addAttribute("stalled", stalled.stalled(viewer));
        model.addAttribute("now", clock.now());
        return "admin";
    }

    private static String act(RedirectAttributes redirect, Supplier<String> action) {
        try {
            redirect.addFlashAttribute("notice", action.get());
        } catch (AdminActionRefused refused) {
            redirect.addFlashAttribute("problem", refused.getMessage());
        }
        return "redirect:/admin";
    }

    private static void requireAdmin(Viewer viewer) {
        if (!viewer.has(Role.ADMIN)) {
            throw new AccessDeniedException("Only admins manage tokens and keys");
        }
    }
}
