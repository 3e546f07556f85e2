package io.countersign.api;

import io.countersign.approval.BreakGlassRefused;
import io.countersign.freeze.FreezeWindowNotFound;
import io.countersign.freeze.InvalidFreezeWindow;
import io.countersign.token.ApprovalTokenFrozen;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem details for freeze windows and break-glass (issue 14), kept apart from {@link ApiProblems} so the two
 * evolve without touching each other; ordered first so these specific answers win over its catch-all.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class EmergencyProblems {

    @ExceptionHandler(InvalidFreezeWindow.class)
    ResponseEntity<ProblemDetail> invalidWindow(InvalidFreezeWindow ex) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", ex.field() + ": " + ex.getMessage(),
                Map.of("errors", List.of(Map.of("field", ex.field(), "message", ex.getMessage()))));
    }

    @ExceptionHandler(FreezeWindowController.InvalidQuery.class)
    ResponseEntity<ProblemDetail> invalidQuery(FreezeWindowController.InvalidQuery ex) {
        if (ex instanceof FreezeWindowController.InvalidQuery.NotFound) {
            return problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage(), Map.of());
        }
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", ex.field + ": " + ex.getMessage(),
                Map.of("errors", List.of(Map.of("field", ex.field, "message", ex.getMessage()))));
    }

    @ExceptionHandler(FreezeWindowNotFound.class)
    ResponseEntity<ProblemDetail> windowNotFound(FreezeWindowNotFound ex) {
        return problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage(), Map.of());
    }

    /** 409 saying which freeze and until when, so an executor knows when to try again. */
    @ExceptionHandler(ApprovalTokenFrozen.class)
    ResponseEntity<ProblemDetail> frozen(ApprovalTokenFrozen ex) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("reason", ex.reason().name());
        facts.put("freeze", ex.freeze());
        facts.put("frozenUntil", ex.until().toString());
        return problem(HttpStatus.CONFLICT, "Approval token held by a change freeze", ex.getMessage(), facts);
    }

    @ExceptionHandler(BreakGlassRefused.class)
    ResponseEntity<ProblemDetail> breakGlassRefused(BreakGlassRefused ex) {
        return switch (ex.kind()) {
            case FORBIDDEN -> problem(HttpStatus.FORBIDDEN, "Break-glass refused", ex.getMessage(), Map.of());
            case CONFLICT -> problem(HttpStatus.CONFLICT, "Break-glass refused", ex.getMessage(), Map.of());
            case UNPROCESSABLE -> problem(HttpStatus.UNPROCESSABLE_ENTITY, "Break-glass refused",
                    ex.field() + ": " + ex.getMessage(),
                    Map.of("errors", List.of(Map.of("field", ex.field(), "message", ex.getMessage()))));
            case INVALID -> problem(HttpStatus.BAD_REQUEST, "Invalid request", ex.field() + ": " + ex.getMessage(),
                    Map.of("errors", List.of(Map.of("field", ex.field(), "message", ex.getMessage()))));
        };
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail,
                                                 Map<String, Object> extra) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        extra.forEach(body::setProperty);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
