package io.countersign.api;

import io.countersign.intake.ChangePlan;
import io.countersign.intake.PlanShape;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * How every door checks a plan before anything reads it: the list sizes first, and only then every field, so an
 * oversized plan costs nothing to refuse. Submit, the policy's dry run and the MCP tools all call this one.
 */
@Component
public class PlanValidation {

    private final Validator validator;

    PlanValidation(Validator validator) {
        this.validator = validator;
    }

    /** Throws the violations (turned into a 400 problem detail naming each field) or returns quietly. */
    public void validate(ChangePlan plan) {
        Set<ConstraintViolation<ChangePlan>> violations = validator.validate(plan, PlanShape.class);
        if (violations.isEmpty()) {
            violations = validator.validate(plan);
        }
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
    }
}
