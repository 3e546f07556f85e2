package io.countersign.ui.admin;

/**
 * An approver group the teams directory routes plans to, with nobody in it who can approve: plans routed there
 * wait until they expire.
 *
 * @param routedFor what sends plans there ("owning team of cost-explorer", "SRE (HIGH and CRITICAL plans)")
 */
public record UncoveredGroup(String group, String routedFor) {
}
