package io.countersign.approval;

/** What one accepted decision did: the decision as recorded, and the approval's verdict with it counted. */
public record Decided(Decision decision, Verdict verdict) {
}
