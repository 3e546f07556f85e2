package io.countersign.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * A request Spring Security's firewall refused (an encoded slash, a NUL, a newline, a {@code ..} segment): 400
 * through the container's error page, which answers a problem detail under {@code /api} and the HTML page
 * elsewhere. The firewall answers before any controller or advice, so without this the client got a bare 500.
 */
final class RejectedAddresses implements RequestRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(RejectedAddresses.class);

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        log.debug("Rejected a request: {}", rejected.getMessage());
        response.sendError(HttpStatus.BAD_REQUEST.value());
    }
}
