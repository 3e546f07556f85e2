package io.countersign.ui.audit;

/** The result of walking the chain: intact, or the first entry that does not hold and why. */
public record ChainStatus(boolean intact, long entriesChecked, Long firstBrokenSeq, String reason) {
}
