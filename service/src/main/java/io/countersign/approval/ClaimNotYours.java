package io.countersign.approval;

/**
 * A claim by someone the approval's judge would not let decide (the requesting side, an agent, someone who already
 * decided): a claim says "I am deciding this", so theirs would tell colleagues and auditors something untrue.
 */
public class ClaimNotYours extends RuntimeException {

    ClaimNotYours(String taskId) {
        super("you may not decide on approval " + taskId + ", so you cannot claim it");
    }
}
