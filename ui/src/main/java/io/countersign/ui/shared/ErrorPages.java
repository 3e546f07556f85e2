package io.countersign.ui.shared;

import jakarta.servlet.RequestDispatcher;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Where the servlet container sends every error no handler answered itself: an unknown address, a refused page, a
 * request the firewall rejected, a failure. Under {@code /api} the answer is an RFC 9457 problem detail whatever the
 * client accepts; everywhere else it is a page with the layout, the navigation and the signed-in person. It replaces
 * Spring Boot's error controller, which answers JSON to any client that does not ask for HTML.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
class ErrorPages implements ErrorController {

    private static final String API = "/api";

    private final CurrentViewer currentViewer;
    private final ObjectMapper json;

    ErrorPages(CurrentViewer currentViewer, ObjectMapper json) {
        this.currentViewer = currentViewer;
        this.json = json;
    }

    /** One mapping for every Accept header: what is answered depends on the address, never on negotiation. */
    @RequestMapping
    ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpStatus status = status(request);
        String path = originalPath(request);
        if (isApi(path)) {
            response.setStatus(status.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem(status, request));
            return null;
        }
        return page(status, path, request);
    }

    private static ProblemDetail problem(HttpStatus status, HttpServletRequest request) {
        ProblemDetail body = ProblemDetail.forStatus(status);
        body.setTitle(status.getReasonPhrase());
        body.setDetail(switch (status) {
            case NOT_FOUND -> "there is nothing at this address";
            case BAD_REQUEST -> "the address or the request is malformed";
            case FORBIDDEN -> "your role does not allow this";
            case UNAUTHORIZED -> "authentication required";
            case INTERNAL_SERVER_ERROR -> "something went wrong on our side; nothing was changed by this request";
            default -> message(request, status);
        });
        return body;
    }

    private ModelAndView page(HttpStatus status, String path, HttpServletRequest request) {
        Map<String, Object> model = new HashMap<>();
        model.put("status", status.value());
        model.put("reason", status.getReasonPhrase());
        model.put("viewer", currentViewer.find(request));
        model.put("currentPath", path);
        model.put("refusal", AccessRefusal.of(request));
        String view = switch (status) {
            case NOT_FOUND -> "error/404";
            case FORBIDDEN -> "error/403";
            default -> "error";
        };
        return new ModelAndView(view, model, status);
    }

    static boolean isApi(String path) {
        return path != null && (path.equals(API) || path.startsWith(API + "/"));
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    private static String originalPath(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return uri instanceof String value ? value : "";
    }

    /** Spring's own message for statuses this class does not word itself (405, 415...): it names no internals. */
    private static String message(HttpServletRequest request, HttpStatus status) {
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        return message instanceof String text && !text.isBlank() ? text : status.getReasonPhrase();
    }
}
