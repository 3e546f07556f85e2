package io.countersign.ui.admin;

/** The teams directory and approver groups, which are configuration: the page shows them, it cannot change them. */
public interface TeamsDirectory {

    Teams teams();

    /** The routed groups with no enabled approver in them now. */
    java.util.List<UncoveredGroup> uncoveredGroups();
}
