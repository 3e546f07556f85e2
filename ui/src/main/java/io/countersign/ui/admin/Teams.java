package io.countersign.ui.admin;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who approves what.
 *
 * @param owningGroups  service → the owning team's approver group
 * @param twoPersonMode how two-person review picks its two approvers
 * @param source        where an operator changes this (the configuration keys)
 */
public record Teams(Map<String, String> owningGroups, String defaultOwningGroup, String sreGroup,
                    String escalationGroup, String twoPersonMode, String source) {

    public Teams {
        owningGroups = Collections.unmodifiableMap(new TreeMap<>(owningGroups));
    }
}
