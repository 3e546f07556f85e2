package io.countersign.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Slows password guessing: every failed sign-in (HTTP Basic or the login form) takes a token from that user name's
 * bucket, and a name whose bucket is empty is refused before its password is even checked. Keyed by name, not by
 * address, so one noisy client behind a proxy cannot lock everybody out.
 */
@Component
class FailedSignIns {

    private final TokenBuckets buckets = new TokenBuckets(System::nanoTime);
    private final RateLimitProperties.Limit limit;
    private final boolean enabled;

    FailedSignIns(RateLimitProperties limits) {
        this.limit = new RateLimitProperties.Limit(limits.failedSignInsPerMinute(), limits.failedSignInsPerMinute());
        this.enabled = limits.enabled();
    }

    @EventListener
    void onFailure(AbstractAuthenticationFailureEvent event) {
        String name = event.getAuthentication().getName();
        if (enabled && name != null && !name.isBlank()) {
            buckets.take(key(name), limit);
        }
    }

    Optional<Duration> lockedFor(String name) {
        return enabled && name != null ? buckets.waitFor(key(name), limit) : Optional.empty();
    }

    private static String key(String name) {
        // Every spelling of a name shares one bucket, or ALICE, Alice and alice would each get their own guesses.
        return "failed-sign-in:" + PersonName.canonicalOrAsIs(name);
    }

    /** Refuses an HTTP Basic sign-in for a name that failed too often, before the password is checked. */
    static OncePerRequestFilter basic(FailedSignIns failures, Problems problems) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                Optional<Duration> locked = failures.lockedFor(basicUser(request.getHeader(HttpHeaders.AUTHORIZATION)));
                if (locked.isPresent()) {
                    long seconds = Math.max(1, (locked.get().toMillis() + 999) / 1000);
                    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                    problems.write(response, org.springframework.http.HttpStatus.TOO_MANY_REQUESTS,
                            "too many failed sign-ins for this user; try again in " + seconds + " s");
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    /** Sends a form sign-in for a name that failed too often back to the login page without checking it. */
    static OncePerRequestFilter form(FailedSignIns failures) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                if ("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath())
                        && failures.lockedFor(request.getParameter("username")).isPresent()) {
                    response.sendRedirect(request.getContextPath() + "/login?error");
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    private static String basicUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
