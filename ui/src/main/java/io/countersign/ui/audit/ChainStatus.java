package io.countersign.ui.audit;

/** The result of walking the chain: intact, or the first entry that does not hold and why. */
// Carried across the redirect as a flash attribute, which lives in the (database-backed) session.
public record ChainStatus(boolean intact, long entriesChecked, Long firstBrokenSeq, String reason)
        implements java.io.Serializable {
}
