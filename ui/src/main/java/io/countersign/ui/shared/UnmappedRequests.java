package io.countersign.ui.shared;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Requests that reached no handler (an unknown address, a method or media type no handler takes). The API's advice
 * advises every handler and would answer these with JSON for pages too; this one, first in line, lets a page's go
 * on to the HTML error page ({@link ErrorPages}) and answers the API's with the same problem detail as before.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@ControllerAdvice
class UnmappedRequests {

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class,
            HttpRequestMethodNotSupportedException.class, HttpMediaTypeNotSupportedException.class,
            HttpMediaTypeNotAcceptableException.class})
    ResponseEntity<Object> unmapped(Exception ex, HttpServletRequest request) throws Exception {
        if (!ErrorPages.isApi(request.getRequestURI())) {
            // Spring's default resolver turns it into sendError, which the container routes to the error page.
            throw ex;
        }
        ErrorResponse error = (ErrorResponse) ex;
        return ResponseEntity.status(error.getStatusCode()).headers(error.getHeaders())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(error.getBody());
    }
}
