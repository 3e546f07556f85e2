package io.countersign.ui.shared;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * What every page's layout needs, and the 404 page for a request that is not there. First in line for the pages'
 * controllers: the API's advice advises every handler and would otherwise take the page's exceptions for its own.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@ControllerAdvice(basePackages = "io.countersign.ui")
class PageModelAdvice {

    private final CurrentViewer currentViewer;

    PageModelAdvice(CurrentViewer currentViewer) {
        this.currentViewer = currentViewer;
    }

    @ModelAttribute("viewer")
    Viewer viewer(HttpServletRequest request) {
        return currentViewer.find(request);
    }

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        return request.getRequestURI();
    }

    @ExceptionHandler(RequestNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String requestNotFound(RequestNotFound notFound, HttpServletRequest request, Model model) {
        model.addAttribute("viewer", currentViewer.find(request));
        model.addAttribute("missingRequestId", notFound.requestId());
        return "error/404";
    }
}
