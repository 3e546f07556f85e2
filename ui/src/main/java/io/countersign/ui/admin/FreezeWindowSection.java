package io.countersign.ui.admin;

import io.countersign.ui.shared.Role;
import io.countersign.ui.shared.Viewer;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Admin page's "Change freezes" section: the calendar, a form to add a window (refusals come back inline, with
 * what was typed) and delete with a confirmation step. Built beside the page controller, like the notifications.
 */
@ControllerAdvice(assignableTypes = AdminPageController.class)
class FreezeWindowSection {

    private final FreezeWindowAdmin windows;

    FreezeWindowSection(FreezeWindowAdmin windows) {
        this.windows = windows;
    }

    @ModelAttribute("freezeWindows")
    List<FreezeWindowAdmin.FreezeWindowRow> freezeWindows(Viewer viewer) {
        return viewer.has(Role.ADMIN) ? windows.windows(viewer) : List.of();
    }

    /** Skipped when a refused form comes back as a flash attribute of the same name. */
    @ModelAttribute("freezeForm")
    FreezeWindowForm freezeForm() {
        return new FreezeWindowForm();
    }

    @ModelAttribute("freezeProblems")
    Map<String, String> freezeProblems() {
        return Map.of();
    }

    @Controller
    static class Actions {

        private final FreezeWindowAdmin windows;

        Actions(FreezeWindowAdmin windows) {
            this.windows = windows;
        }

        @PostMapping("/admin/freeze-windows")
        String create(Viewer viewer, @ModelAttribute("freezeForm") FreezeWindowForm form,
                      RedirectAttributes redirect) {
            requireAdmin(viewer);
            try {
                FreezeWindowAdmin.FreezeWindowRow row = windows.create(viewer, form);
                redirect.addFlashAttribute("notice", "Added the freeze window " + row.name() + ". Plans in its "
                        + "scope are denied while it is active, unless LOW or broken glass on.");
                return "redirect:/admin#freeze-windows";
            } catch (FreezeWindowAdmin.FreezeWindowRefused refused) {
                redirect.addFlashAttribute("freezeForm", form);
                redirect.addFlashAttribute("freezeProblems", Map.of(refused.field(), refused.getMessage()));
                return "redirect:/admin#new-freeze-window";
            }
        }

        @PostMapping("/admin/freeze-windows/{id}/delete")
        String delete(Viewer viewer, @PathVariable String id, RedirectAttributes redirect) {
            requireAdmin(viewer);
            try {
                redirect.addFlashAttribute("notice", "Deleted the freeze window "
                        + windows.delete(viewer, id).name() + ".");
            } catch (AdminActionRefused refused) {
                redirect.addFlashAttribute("problem", refused.getMessage());
            }
            return "redirect:/admin#freeze-windows";
        }

        private static void requireAdmin(Viewer viewer) {
            if (!viewer.has(Role.ADMIN)) {
                throw new AccessDeniedException("Only admins manage change freezes");
            }
        }
    }
}
