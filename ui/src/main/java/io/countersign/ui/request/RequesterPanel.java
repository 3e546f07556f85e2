package io.countersign.ui.request;

import java.util.List;

/**
 * The engineer's part of the request page.
 *
 * @param mayWithdraw  the viewer is on the requesting side and the plan is pending
 * @param mayRevise    the viewer is on the requesting side and the plan is pending or sent back for changes
 * @param approverGaps while the plan is pending: routed groups nobody can approve for, in sentences; shown to all
 */
public record RequesterPanel(boolean mayWithdraw, boolean mayRevise, List<String> approverGaps) {

    public RequesterPanel {
        approverGaps = List.copyOf(approverGaps);
    }

    public static RequesterPanel none() {
        return new RequesterPanel(false, false, List.of());
    }
}
