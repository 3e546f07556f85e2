package io.countersign.audit;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Bad auditor input, for every audit controller: a 400 problem detail whose {@code parameter} names it. First in
 * line, because the application-wide advice would otherwise answer it as an unexpected failure.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = {AuditController.class, CheckpointController.class})
class AuditProblems {

    @ExceptionHandler(InvalidAuditParameter.class)
    ProblemDetail invalidParameter(InvalidAuditParameter e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid audit query parameter");
        problem.setProperty("parameter", e.parameter());
        return problem;
    }
}
