package io.countersign.web;

import io.countersign.approval.Approvals;
import io.countersign.approval.WithdrawalRefused;
import io.countersign.intake.ApproverCoverage;
import io.countersign.intake.ChangeRequest;
import io.countersign.intake.ChangeRequestRepository;
import io.countersign.intake.ChangeRequests;
import io.countersign.intake.IllegalTransition;
import io.countersign.security.Actor;
import io.countersign.token.ApprovalTokenAlreadyRedeemed;
import io.countersign.ui.request.RequesterActions;
import io.countersign.ui.request.RequesterPanel;
import io.countersign.ui.request.WithdrawRefused;
import io.countersign.ui.shared.RequestNotFound;
import io.countersign.ui.shared.Viewer;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Withdraw and revise from the request page, through the same intake service and checks as the API. */
@Component
class WebRequesterActions implements RequesterActions {

    private final ChangeRequests requests;
    private final ChangeRequestRepository repository;
    private final Approvals approvals;
    private final ApproverCoverage coverage;

    WebRequesterActions(ChangeRequests requests, ChangeRequestRepository repository, Approvals approvals,
                        ApproverCoverage coverage) {
        this.requests = requests;
        this.repository = repository;
        this.approvals = approvals;
        this.coverage = coverage;
    }

    @Override
    public RequesterPanel panel(Viewer viewer, String requestId) {
        Actor actor = WebViewers.actor(viewer);
        return visible(actor, requestId).map(request -> new RequesterPanel(
                        ChangeRequests.mayWithdraw(request, actor), ChangeRequests.mayRevise(request, actor),
                        request.status().isPending() ? coverage.warnings(request) : List.of()))
                .orElse(RequesterPanel.none());
    }

    @Override
    public void withdraw(Viewer viewer, String requestId, String reason) {
        Actor actor = WebViewers.actor(viewer);
        visible(actor, requestId).orElseThrow(() -> new RequestNotFound(requestId));
        try {
            requests.withdraw(requestId, actor, reason);
        } catch (ChangeRequests.NotYours notYours) {
            throw new WithdrawRefused(sentence(notYours.getMessage()));
        } catch (IllegalTransition late) {
            throw new WithdrawRefused("It can no longer be withdrawn: it is "
                    + late.from().name().toLowerCase().replace('_', ' ') + ".");
        } catch (WithdrawalRefused concluded) {
            throw new WithdrawRefused(sentence(concluded.getMessage()));
        } catch (ApprovalTokenAlreadyRedeemed redeemed) {
            throw new WithdrawRefused(sentence(redeemed.getMessage()));
        }
    }

    private Optional<ChangeRequest> visible(Actor actor, String requestId) {
        return repository.find(requestId).filter(request -> approvals.maySee(actor, request));
    }

    private static String sentence(String message) {
        String text = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return text.endsWith(".") ? text : text + ".";
    }
}
