package io.countersign.intake;

/**
 * Validation group for the size of a plan's lists, checked on its own before anything inside them, so a plan with
 * 5,000 actions is refused for its count at once instead of after collecting tens of thousands of field errors.
 * The same constraints are in the default group too, so any other caller of the validator still checks them.
 */
public interface PlanShape {
}
