package io.countersign.audit;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Checks an export against a checkpoint an auditor kept: the export's first {@code treeSize} entries must form the
 * tree whose root the checkpoint signed. Fed the same entries as {@link ChainCheck}, in seq order, in constant
 * memory (the tree's right edge only). This is what a hash chain alone cannot do: a chain cut short after its
 * last entries still verifies; a checkpoint of the longer tree does not.
 */
final class CheckpointCheck {

    private final SignedNote.Checkpoint checkpoint;
    private final Merkle.Frontier frontier = new Merkle.Frontier();
    private long lastSeq;
    private String problem;
    private boolean rootChecked;

    CheckpointCheck(SignedNote.Checkpoint checkpoint) {
        this.checkpoint = checkpoint;
    }

    void accept(AuditEntry entry) {
        if (problem != null || rootChecked || entry.seq() == null || entry.hash() == null) {
            return;
        }
        if (entry.seq() != lastSeq + 1) {
            problem = "the export skips from seq " + lastSeq + " to " + entry.seq()
                    + " (a filtered export): export without filters to check it against a checkpoint";
            return;
        }
        lastSeq = entry.seq();
        frontier.append(MerkleStore.leafOf(entry.hash()));
        if (frontier.size() == checkpoint.treeSize()) {
            rootChecked = true;
            if (!Arrays.equals(frontier.root(), checkpoint.rootHash())) {
                problem = "the export's first " + checkpoint.treeSize() + " entries do not have the checkpoint's root "
                        + HexFormat.of().formatHex(checkpoint.rootHash())
                        + ": entries up to seq " + checkpoint.treeSize() + " were removed, reordered or rewritten";
            }
        }
    }

    /** Null if the export holds the checkpoint's tree, else why not. */
    String problem() {
        if (problem == null && !rootChecked && checkpoint.treeSize() > 0) {
            return "truncated: checkpoint says " + checkpoint.treeSize() + " entries, export has " + lastSeq;
        }
        return problem;
    }
}
