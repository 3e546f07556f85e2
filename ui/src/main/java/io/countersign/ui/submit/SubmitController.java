package io.countersign.ui.submit;

import io.countersign.ui.shared.Operation;
import io.countersign.ui.shared.Role;
import io.countersign.ui.shared.Scope;
import io.countersign.ui.shared.Viewer;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class SubmitController {

    private final Submissions submissions;

    SubmitController(Submissions submissions) {
        this.submissions = submissions;
    }

    @GetMapping("/requests/new")
    String form(Viewer viewer, @RequestParam(required = false) String revise, Model model) {
        requireEngineer(viewer);
        PlanForm plan = revise == null || revise.isBlank() ? PlanForm.withOneAction()
                : PlanForm.revising(revise.strip(), submissions.revisionDraft(viewer, revise.strip()));
        return render(viewer, plan, FormProblems.none(), null, FormProblems.none(), model);
    }

    /** The policy dry run: the same form, with the tier and who must approve, and nothing stored. */
    @PostMapping(path = "/requests/new", params = "checkPolicy")
    String checkPolicy(Viewer viewer, @ModelAttribute("plan") PlanForm plan, Model model,
                       HttpServletResponse response) {
        requireEngineer(viewer);
        if (plan.getActions().isEmpty()) {
            plan.addAction();
        }
        return switch (submissions.check(viewer, plan.toDraft())) {
            case PolicyPreview.Checked checked -> {
                model.addAttribute("preview", checked);
                yield render(viewer, plan, FormProblems.none(), null, FormProblems.none(), model);
            }
            case PolicyPreview.Incomplete incomplete -> {
                response.setStatus(422);
                model.addAttribute("previewIncomplete", true);
                yield render(viewer, plan, FormProblems.plain(incomplete.problems()), null, FormProblems.none(),
                        model);
            }
        };
    }

    /** The add-row and remove-row buttons are submit buttons of the same form, so they work without JavaScript. */
    @PostMapping(path = "/requests/new", params = "addAction")
    String addAction(Viewer viewer, @ModelAttribute("plan") PlanForm plan, Model model) {
        requireEngineer(viewer);
        plan.addAction();
        model.addAttribute("focusAction", plan.getActions().size() - 1);
        return render(viewer, plan, FormProblems.none(), null, FormProblems.none(), model);
    }

    @PostMapping(path = "/requests/new", params = "removeAction")
    String removeAction(Viewer viewer, @ModelAttribute("plan") PlanForm plan, @RequestParam int removeAction,
                        Model model) {
        requireEngineer(viewer);
        plan.removeAction(removeAction);
        return render(viewer, plan, FormProblems.none(), null, FormProblems.none(), model);
    }

    @PostMapping(path = "/requests/new", params = {"!addAction", "!removeAction", "!checkPolicy"})
    String submit(Viewer viewer, @ModelAttribute("plan") PlanForm plan, Model model, HttpServletResponse response,
                  RedirectAttributes redirect) {
        requireEngineer(viewer);
        if (plan.getActions().isEmpty()) {
            plan.addAction();
        }
        return switch (submissions.submit(viewer, plan.toDraft())) {
            case SubmissionResult.Accepted accepted -> accepted(accepted, redirect);
            case SubmissionResult.Rejected rejected -> {
                response.setStatus(422);
                yield render(viewer, plan, FormProblems.plain(rejected.problems()), null, FormProblems.none(), model);
            }
        };
    }

    @PostMapping("/requests/new/json")
    String submitJson(Viewer viewer, @RequestParam(required = false) String json,
                      @RequestParam(required = false) MultipartFile file, Model model,
                      HttpServletResponse response, RedirectAttributes redirect) throws IOException {
        requireEngineer(viewer);
        String body;
        try {
            body = file != null && !file.isEmpty() ? strictUtf8(file.getBytes()) : json;
        } catch (CharacterCodingException e) {
            // Decoding leniently would store U+FFFD for what the file said, so the approved plan is not the file's.
            response.setStatus(422);
            return render(viewer, PlanForm.withOneAction(), FormProblems.none(), null,
                    new FormProblems(List.of(new FieldProblem("file", "is not valid UTF-8 text"))), model);
        }
        if (body == null || body.isBlank()) {
            response.setStatus(422);
            return render(viewer, PlanForm.withOneAction(), FormProblems.none(), json,
                    new FormProblems(List.of(new FieldProblem("", "Paste a plan or choose a JSON file."))), model);
        }
        return switch (submissions.submitJson(viewer, body)) {
            case SubmissionResult.Accepted accepted -> accepted(accepted, redirect);
            case SubmissionResult.Rejected rejected -> {
                response.setStatus(422);
                yield render(viewer, PlanForm.withOneAction(), FormProblems.none(), body,
                        new FormProblems(rejected.problems()), model);
            }
        };
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    private static String accepted(SubmissionResult.Accepted accepted, RedirectAttributes redirect) {
        redirect.addFlashAttribute("notice", "Plan submitted. It is being classified; this page follows it.");
        if (!accepted.warnings().isEmpty()) {
            redirect.addFlashAttribute("submitWarnings", accepted.warnings());
        }
        return "redirect:/requests/" + accepted.requestId();
    }

    private String render(Viewer viewer, PlanForm plan, FormProblems problems, String json,
                          FormProblems jsonProblems, Model model) {
        PlanChoices choices = submissions.choices(viewer);
        model.addAttribute("services", withCurrent(choices.services(), plan.getService()));
        model.addAttribute("environments", withCurrent(choices.environments(), plan.getEnvironment()));
        model.addAttribute("plan", plan);
        model.addAttribute("problems", problems);
        model.addAttribute("json", json);
        model.addAttribute("jsonProblems", jsonProblems);
        model.addAttribute("operations", Operation.values());
        model.addAttribute("scopes", Scope.values());
        return "submit";
    }

    /** A revised plan keeps its service even if the directory no longer lists it; the service then judges it. */
    private static List<String> withCurrent(List<String> choices, String current) {
        if (current == null || current.isBlank() || choices.contains(current)) {
            return choices;
        }
        List<String> all = new java.util.ArrayList<>(choices);
        all.add(current);
        return all;
    }

    private static void requireEngineer(Viewer viewer) {
        if (!viewer.has(Role.ENGINEER)) {
            throw new AccessDeniedException("Only engineers submit plans");
        }
    }
}
