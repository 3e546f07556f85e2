package io.countersign.approval;

/**
 * The approval was concluded before the withdrawal arrived: the decision that concluded it was the last one
 * accepted, and the withdrawal changes nothing.
 */
public class WithdrawalRefused extends RuntimeException {

    private final Conclusion conclusion;

    WithdrawalRefused(Conclusion conclusion) {
        super("this plan's approval is already concluded: " + conclusion.describe() + "; it can no longer be withdrawn");
        this.conclusion = conclusion;
    }

    public Conclusion conclusion() {
        return conclusion;
    }
}
