package io.countersign.audit;

import java.util.Objects;

/**
 * Checks entries fed in seq order, one at a time, so that any number of them can be verified in constant memory.
 * Shared by the server's verification and the offline verifier of exports. An export made with filters leaves gaps
 * in seq: across a gap the link cannot be checked, so {@code requireComplete} decides whether a gap is a break. The
 * server checks the chain in several seq ranges at once, each with its own check that starts at the range's first seq
 * and leaves the link into the range (its first prev_hash) to whoever joins the ranges.
 */
final class ChainCheck {

    private final boolean requireComplete;
    private final long firstSeq;
    private long checked;
    private long gaps;
    private Long lastSeq;
    private String lastHash;
    private String firstPrevHash;
    private Verification broken;

    ChainCheck(boolean requireComplete) {
        this(requireComplete, 1);
    }

    private ChainCheck(boolean requireComplete, long firstSeq) {
        this.requireComplete = requireComplete;
        this.firstSeq = firstSeq;
    }

    /** A check of the complete chain from {@code firstSeq} on. */
    static ChainCheck from(long firstSeq) {
        return new ChainCheck(true, firstSeq);
    }

    /** Returns false once an entry is broken; later entries are then ignored. */
    boolean accept(AuditEntry entry) {
        if (broken != null) {
            return false;
        }
        String problem = problemWith(entry);
        if (problem != null) {
            broken = Verification.broken(checked, entry.seq(), problem);
            return false;
        }
        checked++;
        lastSeq = entry.seq();
        lastHash = entry.hash();
        return true;
    }

    /** A link to an entry that should exist but does not (the server finds these; an export cannot). */
    void missingEntry(long seq, long entryId) {
        if (broken == null) {
            broken = Verification.broken(checked, seq, "entry " + entryId + " that this chain position seals is missing");
        }
    }

    /** After the last entry of a range: entries missing at its end are a break too. */
    void expectLast(long seq) {
        if (broken == null && requireComplete && (lastSeq == null || lastSeq < seq)) {
            long from = lastSeq == null ? firstSeq : lastSeq + 1;
            broken = Verification.broken(checked, from, "entries " + from + " to " + seq + " are missing");
        }
    }

    private String problemWith(AuditEntry e) {
        if (e.seq() == null || e.prevHash() == null || e.hash() == null) {
            return "entry " + e.id() + " has no seq, prev_hash or hash";
        }
        long seq = e.seq();
        if (lastSeq == null) {
            firstPrevHash = e.prevHash();
            if (requireComplete && seq != firstSeq) {
                return firstSeq == 1 ? "the chain starts at seq " + seq + " instead of 1"
                        : "entries " + firstSeq + " to " + (seq - 1) + " are missing";
            }
        } else if (seq <= lastSeq) {
            return "seq " + seq + " follows seq " + lastSeq + " (out of order or repeated)";
        } else if (seq > lastSeq + 1) {
            if (requireComplete) {
                return "entries " + (lastSeq + 1) + " to " + (seq - 1) + " are missing";
            }
            gaps++;
        } else if (!e.prevHash().equals(lastHash)) {
            return "prev_hash does not match the hash of seq " + lastSeq;
        }
        if (seq == 1 && !EntryHash.GENESIS.equals(e.prevHash())) {
            return "the first entry's prev_hash is not the genesis value";
        }
        if (!Objects.equals(EntryHash.of(e), e.hash())) {
            return "hash does not match the entry's contents";
        }
        return null;
    }

    Verification result() {
        return broken != null ? broken : Verification.valid(checked);
    }

    /** The prev_hash of the first entry seen, which must be the hash of the entry before this range. */
    String firstPrevHash() {
        return firstPrevHash;
    }

    String lastHash() {
        return lastHash;
    }

    long gaps() {
        return gaps;
    }

    Long lastSeq() {
        return lastSeq;
    }
}
