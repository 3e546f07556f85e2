package io.countersign.api;

import io.countersign.approval.ApprovalNotFound;
import io.countersign.approval.Conclusion;
import io.countersign.approval.DecisionRefused;
import io.countersign.approval.WithdrawalRefused;
import io.countersign.intake.ChangeRequestNotFound;
import io.countersign.intake.ChangeRequests;
import io.countersign.intake.IdempotencyConflict;
import io.countersign.intake.IllegalTransition;
import io.countersign.intake.PlanRejected;
import io.countersign.security.AgentTokenNotFound;
import io.countersign.security.BodySizeFilter;
import io.countersign.security.NewAgentToken;
import io.countersign.token.ApprovalTokenAlreadyRedeemed;
import io.countersign.security.OidcIdentities;
import io.countersign.security.People;
import io.countersign.stall.RequestNotStalled;
import io.countersign.stall.StallNotRetryable;
import io.countersign.stall.StallRetryNotSent;
import io.countersign.token.ApprovalTokenRefused;
import io.countersign.token.ApprovalTokenRevoked;
import io.countersign.token.SigningKeyNotFound;
import io.countersign.token.SigningKeyRefused;
import io.countersign.token.TokenCheck;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure of the JSON API into an RFC 9457 problem detail that says what was wrong and with which field.
 * Unexpected failures are logged and answered without internals. It advises every handler, and requests that
 * reached none (415, 405), so no error of the API falls through to the HTML-or-JSON error page.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);
    /** Enough to fix a plan; a list of thousands would only be a larger response. */
    private static final int MAX_ERRORS = 50;

    /** One field-level error: a JSON path into the request and what is wrong with it. */
    record FieldError(String field, String message) {
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> new FieldError(e.getField(), e.getDefaultMessage()))
                .sorted(java.util.Comparator.comparing(FieldError::field))
                .limit(MAX_ERRORS)
                .toList();
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(e -> new FieldError(
                        parameterName(r.getMethodParameter().getParameterName(), r), e.getDefaultMessage())))
                .toList();
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return unreadable(ex.getMostSpecificCause());
    }

    /** A body (or, over MCP, a tool's arguments) that does not read as the record it must be. */
    private ResponseEntity<Object> unreadable(Throwable cause) {
        if (cause instanceof BodySizeFilter.BodyTooLarge tooLarge) {
            return problem(HttpStatus.PAYLOAD_TOO_LARGE, "Request body too large", tooLarge.getMessage(), Map.of());
        }
        if (cause instanceof StrictJson.InvalidUtf8 utf8) {
            return problem(HttpStatus.BAD_REQUEST, "Malformed request body", utf8.getMessage(), Map.of());
        }
        if (cause instanceof StrictJson.UnpairedSurrogate surrogate) {
            if (surrogate.fields().contains("")) {
                return problem(HttpStatus.BAD_REQUEST, "Malformed request body", "the body " + surrogate.getMessage(),
                        Map.of());
            }
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", surrogate.fields().stream()
                    .map(field -> new FieldError(field, surrogate.getMessage())).toList());
        }
        JsonBodyProblem problem = JsonBodyProblem.of(cause);
        if (problem.isWholeDocument()) {
            return problem(HttpStatus.BAD_REQUEST, "Malformed request body", problem.message(), Map.of());
        }
        return problem(HttpStatus.BAD_REQUEST, "Invalid request",
                List.of(new FieldError(problem.field(), problem.message())));
    }

    // --- MCP server (issue 12): the same refusals, worded as the API words them ---

    /**
     * The problem detail the API would answer for this failure of a call to {@code path}, for doors that are not Spring
     * MVC handlers (the MCP tools). Anything unknown is the API's 500, logged, without internals.
     */
    ProblemDetail describe(Exception ex, String path) {
        ResponseEntity<Object> answer = switch (ex) {
            case ConstraintViolationException e -> constraint(e);
            case PlanRejected e -> planRejected(e);
            case ChangeRequestNotFound e -> notFound(e);
            case ApprovalNotFound e -> notFound(e);
            case IllegalTransition e -> conflict(e);
            case IdempotencyConflict e -> conflict(e);
            case WithdrawalRefused e -> withdrawalRefused(e);
            case ApprovalTokenRefused e -> tokenRefused(e, path);
            case ChangeRequests.NotYours e -> notYours(e);
            case McpTools.IllFormedArguments e -> problem(HttpStatus.BAD_REQUEST, "Invalid request",
                    e.fields().stream().map(field -> new FieldError(field, e.getMessage())).toList());
            case IllegalArgumentException e when e.getCause() != null -> unreadable(mostSpecific(e));
            default -> {
                log.error("Unexpected failure", ex);
                yield problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                        "something went wrong on our side; nothing was changed by this request", Map.of());
            }
        };
        ProblemDetail detail = (ProblemDetail) answer.getBody();
        // Spring MVC fills in the request's path; the API's answer for the same call would carry it.
        if (detail.getInstance() == null) {
            detail.setInstance(java.net.URI.create(path));
        }
        return detail;
    }

    private static Throwable mostSpecific(Throwable ex) {
        Throwable cause = ex;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraint(ConstraintViolationException ex) {
        List<FieldError> errors = ex.getConstraintViolations().stream()
                .map(v -> new FieldError(field(v), v.getMessage()))
                .sorted(java.util.Comparator.comparing(FieldError::field))
                .limit(MAX_ERRORS)
                .toList();
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", errors);
    }

    @ExceptionHandler(PlanRejected.class)
    ResponseEntity<Object> planRejected(PlanRejected ex) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, "Plan rejected",
                List.of(new FieldError(ex.field(), ex.getMessage())));
    }

    @ExceptionHandler({ChangeRequestNotFound.class, ApprovalNotFound.class})
    ResponseEntity<Object> notFound(RuntimeException ex) {
        return problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage(), Map.of());
    }

    @ExceptionHandler(DecisionRefused.class)
    ResponseEntity<Object> refused(DecisionRefused ex) {
        HttpStatus status = switch (ex) {
            case DecisionRefused.AlreadyDecided a -> HttpStatus.CONFLICT;
            case DecisionRefused.TaskNotOpen t -> HttpStatus.CONFLICT;
            case DecisionRefused.ApprovalConcluded c -> HttpStatus.CONFLICT;
            case DecisionRefused.GroupAlreadyCovered g -> HttpStatus.CONFLICT;
            case DecisionRefused.CommentRequired c -> HttpStatus.UNPROCESSABLE_ENTITY;
            default -> HttpStatus.FORBIDDEN;
        };
        Map<String, Object> extra = switch (ex) {
            case DecisionRefused.CommentRequired c -> Map.of("errors", List.of(new FieldError("comment", ex.getMessage())));
            case DecisionRefused.ApprovalConcluded c -> concluded(c.conclusion());
            default -> Map.of();
        };
        return problem(status, "Decision refused", ex.getMessage(), extra);
    }

    @ExceptionHandler(WithdrawalRefused.class)
    ResponseEntity<Object> withdrawalRefused(WithdrawalRefused ex) {
        return problem(HttpStatus.CONFLICT, "Withdrawal refused", ex.getMessage(), concluded(ex.conclusion()));
    }

    /** What was concluded, by whom, when: the facts a refused caller needs. */
    private static Map<String, Object> concluded(Conclusion conclusion) {
        Map<String, Object> facts = new java.util.LinkedHashMap<>();
        facts.put("concludedOutcome", conclusion.outcome().name());
        if (conclusion.by() != null) {
            facts.put("concludedBy", conclusion.by());
        }
        facts.put("concludedAt", conclusion.at().toString());
        return facts;
    }

    @ExceptionHandler({IllegalTransition.class, IdempotencyConflict.class})
    ResponseEntity<Object> conflict(RuntimeException ex) {
        return problem(HttpStatus.CONFLICT, "Conflict", ex.getMessage(), Map.of());
    }

    /**
     * A token that never fitted this plan (forged, expired, another plan or request) is 422 and names the field; a
     * token whose request moved on (redeemed, revoked, not redeemed yet, already reported) is 409 with the facts.
     */
    @ExceptionHandler(ApprovalTokenRefused.class)
    ResponseEntity<Object> tokenRefused(ApprovalTokenRefused ex, HttpServletRequest request) {
        return tokenRefused(ex, request.getRequestURI());
    }

    private ResponseEntity<Object> tokenRefused(ApprovalTokenRefused ex, String requestUri) {
        Map<String, Object> facts = new java.util.LinkedHashMap<>();
        facts.put("reason", ex.reason().name());
        if (ex instanceof ApprovalTokenAlreadyRedeemed redeemed) {
            facts.put("redeemedAt", redeemed.redeemedAt().toString());
            facts.put("redeemedBy", redeemed.redeemedBy());
        }
        if (ex instanceof ApprovalTokenRevoked revoked) {
            facts.put("revokedAt", revoked.revokedAt().toString());
            facts.put("revocationReason", revoked.revocationReason());
        }
        if (ex.reason().isConflict()) {
            String title = ex instanceof ApprovalTokenAlreadyRedeemed ? "Approval token already redeemed"
                    : "Approval token refused";
            return problem(HttpStatus.CONFLICT, title, ex.getMessage(), facts);
        }
        String field = ex.reason() == TokenCheck.Reason.OTHER_PLAN ? "planHash"
                : requestUri.endsWith("/execution-report") ? "approvalToken" : "token";
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, "Approval token refused",
                List.of(new FieldError(field, ex.getMessage())), facts);
    }

    @ExceptionHandler(NewAgentToken.InvalidAgentToken.class)
    ResponseEntity<Object> invalidAgentToken(NewAgentToken.InvalidAgentToken ex) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", List.of(new FieldError(ex.field(), ex.getMessage())));
    }

    @ExceptionHandler(People.InvalidPerson.class)
    ResponseEntity<Object> invalidPerson(People.InvalidPerson ex) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", List.of(new FieldError(ex.field(), ex.getMessage())));
    }

    @ExceptionHandler(OidcIdentities.InvalidOidcIdentity.class)
    ResponseEntity<Object> invalidOidcIdentity(OidcIdentities.InvalidOidcIdentity ex) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", List.of(new FieldError(ex.field(), ex.getMessage())));
    }

    @ExceptionHandler({AgentTokenNotFound.class, SigningKeyNotFound.class, OidcIdentities.OidcIdentityNotFound.class})
    ResponseEntity<Object> adminNotFound(RuntimeException ex) {
        return problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage(), Map.of());
    }

    @ExceptionHandler(SigningKeyRefused.class)
    ResponseEntity<Object> signingKeyRefused(SigningKeyRefused ex) {
        return problem(HttpStatus.CONFLICT, "Conflict", ex.getMessage(), Map.of());
    }

    @ExceptionHandler({RequestNotStalled.class, StallNotRetryable.class})
    ResponseEntity<Object> notStalled(RuntimeException ex) {
        return problem(HttpStatus.CONFLICT, "Not stalled", ex.getMessage(), Map.of());
    }

    @ExceptionHandler(StallRetryNotSent.class)
    ResponseEntity<Object> retryNotSent(StallRetryNotSent ex) {
        return problem(HttpStatus.BAD_GATEWAY, "Engine did not take the retry", ex.getMessage(), Map.of());
    }

    @ExceptionHandler(ChangeRequests.NotYours.class)
    ResponseEntity<Object> notYours(ChangeRequests.NotYours ex) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", ex.getMessage(), Map.of());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, HttpServletRequest request) throws Exception {
        // Security decides 401/403 itself, and web pages render their own error page rather than JSON.
        if (ex instanceof AccessDeniedException || ex instanceof AuthenticationException
                || !request.getRequestURI().startsWith("/api/")) {
            throw ex;
        }
        log.error("Unexpected failure", ex);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "something went wrong on our side; nothing was changed by this request", Map.of());
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String title, List<FieldError> errors) {
        return problem(status, title, errors, Map.of());
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String title, List<FieldError> errors,
                                                  Map<String, Object> extra) {
        String detail = errors.isEmpty() ? title
                : errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
        Map<String, Object> all = new java.util.LinkedHashMap<>(extra);
        all.put("errors", errors);
        return problem(status, title, detail, all);
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String title, String detail,
                                                  Map<String, Object> extra) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        extra.forEach(body::setProperty);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    /** Spring's own handlers (415, 405, 406...) otherwise negotiate plain JSON when the request named no Accept. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        HttpHeaders problemHeaders = new HttpHeaders();
        problemHeaders.addAll(headers);
        if (body instanceof ProblemDetail) {
            problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        return new ResponseEntity<>(body, problemHeaders, statusCode);
    }

    private static String parameterName(String name, Object result) {
        return name == null ? String.valueOf(result) : name;
    }

    /** A JSON path for a bean's violation (actions[0].scope); the parameter name for a method parameter's. */
    private static String field(jakarta.validation.ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString().replace(".<list element>", "");
        return violation.getExecutableParameters() == null ? path : lastNode(path);
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}
