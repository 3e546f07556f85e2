package io.countersign.web;

import io.countersign.intake.ChangeRequest;
import io.countersign.intake.ChangeRequestNotFound;
import io.countersign.intake.ChangeRequests;
import io.countersign.intake.IllegalTransition;
import io.countersign.stall.RequestNotStalled;
import io.countersign.stall.StallActions;
import io.countersign.stall.StallNotRetryable;
import io.countersign.stall.StallRetryNotSent;
import io.countersign.stall.StalledRequests;
import io.countersign.ui.admin.AdminActionRefused;
import io.countersign.ui.admin.StalledRequestAdmin;
import io.countersign.ui.admin.StalledRequestRow;
import io.countersign.ui.shared.Viewer;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Component;

/** The Admin page's stalled requests over {@link StalledRequests} and {@link StallActions}, as the API does. */
@Component
@PreAuthorize("hasRole('ADMIN')")
class WebStalledRequests implements StalledRequestAdmin {

    private static final int LIMIT = 200;

    private final StalledRequests stalls;
    private final StallActions actions;
    private final ChangeRequests requests;

    WebStalledRequests(StalledRequests stalls, StallActions actions, ChangeRequests requests) {
        this.stalls = stalls;
        this.actions = actions;
        this.requests = requests;
    }

    @Override
    public List<StalledRequestRow> stalled(Viewer viewer) {
        return stalls.open(LIMIT).stream().map(stall -> {
            ChangeRequest request = requests.get(stall.requestId());
            return new StalledRequestRow(WebStalls.notice(stall), request.submission().plan().title(),
                    request.status().name(), stall.retryable());
        }).toList();
    }

    @Override
    public void retry(Viewer viewer, String requestId) {
        refusedAsSentence(() -> actions.retry(requestId, WebViewers.actor(viewer)));
    }

    @Override
    public void close(Viewer viewer, String requestId, String reason) {
        refusedAsSentence(() -> actions.close(requestId, WebViewers.actor(viewer), reason));
    }

    private static void refusedAsSentence(Supplier<?> action) {
        try {
            action.get();
        } catch (ChangeRequestNotFound | RequestNotStalled | StallNotRetryable | StallRetryNotSent
                 | IllegalTransition refused) {
            throw new AdminActionRefused("Not done: " + refused.getMessage() + ".");
        }
    }
}
