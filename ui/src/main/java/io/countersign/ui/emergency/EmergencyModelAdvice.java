package io.countersign.ui.emergency;

import io.countersign.ui.shared.CurrentViewer;
import io.countersign.ui.shared.Viewer;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Adds the freeze notices to the inbox and the submit page and the break-glass banner to a request page, so those
 * templates only include a fragment ({@code fragments/emergency}) and their controllers stay as they are.
 */
@ControllerAdvice(basePackages = "io.countersign.ui")
class EmergencyModelAdvice {

    private static final Pattern REQUEST_PAGE = Pattern.compile("/requests/(?!new$)([^/]+)");

    private final Emergencies emergencies;
    private final CurrentViewer viewers;

    EmergencyModelAdvice(Emergencies emergencies, CurrentViewer viewers) {
        this.emergencies = emergencies;
        this.viewers = viewers;
    }

    @ModelAttribute("freezeNotices")
    Object freezeNotices(HttpServletRequest request) {
        String path = request.getRequestURI();
        return "GET".equals(request.getMethod()) && ("/".equals(path) || "/requests/new".equals(path))
                ? emergencies.freezes() : null;
    }

    @ModelAttribute("breakGlassUses")
    Object breakGlassUses(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && "/audit".equals(request.getRequestURI())
                ? emergencies.breakGlassUses() : null;
    }

    /** Asks for the viewer only on a request page: this advice also serves public pages (login), which have none. */
    @ModelAttribute("emergencyPanel")
    Object emergencyPanel(HttpServletRequest request) {
        Matcher page = REQUEST_PAGE.matcher(request.getRequestURI());
        if (!page.matches() || !"GET".equals(request.getMethod())) {
            return null;
        }
        Viewer viewer = viewers.find(request);
        return viewer == null ? null : emergencies.panel(viewer, page.group(1));
    }

    @ModelAttribute("breakGlassNotice")
    Object breakGlassNotice(HttpServletRequest request) {
        Matcher page = REQUEST_PAGE.matcher(request.getRequestURI());
        return page.matches() ? emergencies.breakGlassOf(page.group(1)).orElse(null) : null;
    }
}
