package io.countersign.api;

import io.countersign.intake.ChangePlan;
import io.countersign.intake.PolicyCheck;
import io.countersign.security.CurrentActor;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The policy's dry run: what a plan would be told on submit, with nothing stored and no workflow started. */
@RestController
@RequestMapping("/api/v1/policy-checks")
class PolicyCheckController {

    private final PolicyCheck policyCheck;
    private final PlanValidation validation;
    private final CurrentActor currentActor;

    PolicyCheckController(PolicyCheck policyCheck, PlanValidation validation, CurrentActor currentActor) {
        this.policyCheck = policyCheck;
        this.validation = validation;
        this.currentActor = currentActor;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    PolicyCheck.Result check(@RequestBody ChangePlan plan, HttpServletRequest http) {
        validation.validate(plan);
        return policyCheck.check(plan, currentActor.get(http));
    }
}
