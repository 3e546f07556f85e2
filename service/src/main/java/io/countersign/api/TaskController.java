package io.countersign.api;

import io.countersign.approval.ApprovalTask;
import io.countersign.approval.Approvals;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.countersign.approval.Decided;
import io.countersign.approval.Decision;
import io.countersign.approval.Progress;
import io.countersign.approval.Verdict;
import io.countersign.approval.DecisionOutcome;
import io.countersign.approval.InboxEntry;
import io.countersign.security.CurrentActor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The approver's API: open approvals for my groups, and deciding on one. */
@RestController
@Validated
@RequestMapping("/api/v1/tasks")
class TaskController {

    private final Approvals approvals;
    private final CurrentActor currentActor;

    TaskController(Approvals approvals, CurrentActor currentActor) {
        this.approvals = approvals;
        this.currentActor = currentActor;
    }

    @GetMapping
    List<InboxEntry> inbox(@RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit, HttpServletRequest http) {
        return approvals.inbox(currentActor.get(http), limit);
    }

    @GetMapping("/{id}")
    ApprovalTask task(@PathVariable String id, HttpServletRequest http) {
        return approvals.visibleTask(id, currentActor.get(http));
    }

    record DecisionRequest(@NotNull DecisionOutcome decision, @Size(max = 4000) String comment) {
    }

    /**
     * The decision as recorded, with the approval's verdict after it (concluded, or what it still waits for).
     * {@code stillNeeded} says it in the words the pages use ("needs 1 from sre"); null once concluded.
     */
    record DecisionAnswer(@JsonUnwrapped Decision decision, Verdict verdict, String waitingFor, String stillNeeded) {
    }

    @PostMapping("/{id}/decision")
    DecisionAnswer decide(@PathVariable String id, @Valid @RequestBody DecisionRequest body, HttpServletRequest http) {
        var actor = currentActor.get(http);
        approvals.visibleTask(id, actor);
        Decided decided = approvals.decide(id, actor, body.decision(), body.comment());
        String stillNeeded = approvals.progressOf(decided.decision().requestId()).map(Progress::stillNeeded)
                .filter(words -> !words.isEmpty()).orElse(null);
        return new DecisionAnswer(decided.decision(), decided.verdict(), decided.verdict().waitingFor(), stillNeeded);
    }
}
