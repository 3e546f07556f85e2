package io.countersign.ui.submit;

import java.util.List;

/**
 * A plan as typed into the web form, shaped like the API's JSON body so the service can run the same validation.
 * Nothing here is checked yet: blank inputs arrive as {@code null}, as a missing JSON field would, and operation
 * and scope are the raw strings. The requester is the viewer. There is no agent: only an agent token names one.
 *
 * @param revisionOf the request this plan revises (pending, or sent back with "request changes"); {@code null} if none
 */
public record PlanDraft(String title, String justification, String service, String environment,
                        List<ActionDraft> actions, String revisionOf) {

    public PlanDraft {
        actions = List.copyOf(actions);
    }

    public PlanDraft(String title, String justification, String service, String environment,
                     List<ActionDraft> actions) {
        this(title, justification, service, environment, actions, null);
    }

    /**
     * @param regions split from the form's comma-separated input, never {@code null}
     */
    public record ActionDraft(String operation, String resourceType, String resource, String scope,
                              List<String> regions, boolean reversible, String command, String rollbackPlan) {

        public ActionDraft {
            regions = List.copyOf(regions);
        }
    }
}
