package io.countersign.ui.inbox;

import io.countersign.ui.shared.Role;
import io.countersign.ui.shared.Stalls;
import io.countersign.ui.shared.Tier;
import io.countersign.ui.shared.UiClock;
import io.countersign.ui.shared.Viewer;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
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
class InboxController {

    private final Inbox inbox;
    private final UiClock clock;
    private final Stalls stalls;
    private final InboxVisits visits;

    InboxController(Inbox inbox, UiClock clock, Stalls stalls, InboxVisits visits) {
        this.visits = visits;
        this.inbox = inbox;
        this.clock = clock;
        this.stalls = stalls;
    }

    @GetMapping("/")
    String inbox(Viewer viewer,
                 @RequestParam(required = false) String tier,
                 @RequestParam(required = false) String service,
                 @RequestParam(required = false) String environment,
                 @RequestHeader(name = "HX-Request", required = false) String htmx,
                 Model model) {
        if (!viewer.has(Role.APPROVER) && viewer.has(Role.ENGINEER)) {
            return "redirect:/my-requests";
        }
        // Auditors and admins have no inbox; the start page for them is the audit log.
        if (!viewer.has(Role.APPROVER) && viewer.canAudit()) {
            return "redirect:/audit";
        }
        InboxFilter filter = InboxFilter.of(tier, service, environment);
        List<InboxItem> all = viewer.has(Role.APPROVER) ? inbox.openApprovals(viewer) : List.of();
        Instant now = clock.now();
        model.addAttribute("filter", filter);
        model.addAttribute("tiers", List.of(Tier.CRITICAL, Tier.HIGH, Tier.MEDIUM, Tier.LOW));
        model.addAttribute("services", distinct(all, InboxItem::service));
        model.addAttribute("environments", distinct(all, InboxItem::environment));
        List<InboxRow> rows = all.stream().filter(filter::matches).sorted(MostUrgentFirst.ORDER)
                .map(item -> InboxRow.of(item, now)).toList();
        model.addAttribute("rows", rows);
        // What the viewer can move first; what waits on someone else (or that they already did) after it.
        model.addAttribute("needsYou", rows.stream().filter(r -> r.item().needsYou()).toList());
        model.addAttribute("waiting", rows.stream().filter(r -> !r.item().needsYou()).toList());
        model.addAttribute("totalOpen", all.size());
        // A decision cannot move a stalled request; the approver should know before spending time on it.
        model.addAttribute("stalled", stalls.of(all.stream().map(InboxItem::requestId).toList()));
        model.addAttribute("refreshedAt", now);
        model.addAttribute("refreshUrl", filter.inboxUrl());
        // htmx asks for the table alone on its periodic refresh; a plain browser gets the whole page.
        if (htmx != null) {
            return "inbox :: results";
        }
        // Notifications (issue 13): what arrived since the viewer last opened the page (a refresh is not a look).
        if (viewer.has(Role.APPROVER)) {
            visits.lookNow(viewer, now).ifPresent(before -> {
                model.addAttribute("lastLookedAt", java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                        .withZone(java.time.ZoneOffset.UTC).format(before));
                model.addAttribute("newSinceLastLook",
                        all.stream().filter(i -> i.submittedAt() != null && i.submittedAt().isAfter(before)).count());
            });
        }
        return "inbox";
    }

    @PostMapping("/tasks/{taskId}/claim")
    String claim(Viewer viewer, @PathVariable String taskId, @RequestParam(required = false) String tier,
                 @RequestParam(required = false) String service,
                 @RequestParam(required = false) String environment, RedirectAttributes redirect) {
        requireApprover(viewer);
        return act(() -> inbox.claim(viewer, taskId), "Claimed. Others can see you are working on it.",
                InboxFilter.of(tier, service, environment), redirect);
    }

    @PostMapping("/tasks/{taskId}/unclaim")
    String unclaim(Viewer viewer, @PathVariable String taskId, @RequestParam(required = false) String tier,
                   @RequestParam(required = false) String service,
                   @RequestParam(required = false) String environment, RedirectAttributes redirect) {
        requireApprover(viewer);
        return act(() -> inbox.unclaim(viewer, taskId), "Released. The task is open to your group again.",
                InboxFilter.of(tier, service, environment), redirect);
    }

    private static String act(Runnable action, String done, InboxFilter filter, RedirectAttributes redirect) {
        try {
            action.run();
            redirect.addFlashAttribute("notice", done);
        } catch (ClaimRefused refused) {
            redirect.addFlashAttribute("problem", refused.getMessage());
        }
        return "redirect:" + filter.inboxUrl();
    }

    private static void requireApprover(Viewer viewer) {
        if (!viewer.has(Role.APPROVER)) {
            throw new AccessDeniedException("Only approvers claim approvals");
        }
    }

    private static List<String> distinct(List<InboxItem> items, Function<InboxItem, String> field) {
        return items.stream().map(field).filter(Objects::nonNull).distinct().sorted(Comparator.naturalOrder())
                .toList();
    }
}
