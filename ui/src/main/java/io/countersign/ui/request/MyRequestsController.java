package io.countersign.ui.request;

import io.countersign.ui.shared.Role;
import io.countersign.ui.shared.UiClock;
import io.countersign.ui.shared.Viewer;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;

@Controller
class MyRequestsController {

    private final Requests requests;
    private final UiClock clock;

    MyRequestsController(Requests requests, UiClock clock) {
        this.requests = requests;
        this.clock = clock;
    }

    @GetMapping("/my-requests")
    String myRequests(Viewer viewer, @RequestHeader(name = "HX-Request", required = false) String htmx,
                      Model model) {
        if (!viewer.has(Role.ENGINEER)) {
            throw new AccessDeniedException("Only engineers submit plans");
        }
        model.addAttribute("requests", requests.myRequests(viewer));
        model.addAttribute("refreshedAt", clock.now());
        return htmx != null ? "my-requests :: results" : "my-requests";
    }
}
