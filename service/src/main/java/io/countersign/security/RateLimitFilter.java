package io.countersign.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Answers 429 with Retry-After once a token, a login or an anonymous address has used up its bucket. */
final class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimitProperties limits;
    private final TokenBuckets buckets;
    private final Problems problems;

    RateLimitFilter(RateLimitProperties limits, TokenBuckets buckets, Problems problems) {
        this.limits = limits;
        this.buckets = buckets;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!limits.enabled()) {
            chain.doFilter(request, response);
            return;
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        Optional<Duration> wait;
        if (auth instanceof AgentAuthentication agent) {
            Integer own = agent.token().requestsPerMinute();
            RateLimitProperties.Limit limit = own == null ? limits.agent()
                    : new RateLimitProperties.Limit(own, Math.min(own, limits.agent().burst()));
            wait = buckets.take("agent-token:" + agent.token().id(), limit);
        } else if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
            wait = buckets.take("login:" + auth.getName(), limits.login());
        } else {
            wait = buckets.take("address:" + request.getRemoteAddr(), limits.login());
        }
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            problems.write(response, HttpStatus.TOO_MANY_REQUESTS,
                    "too many requests; try again in " + seconds + " s");
            return;
        }
        chain.doFilter(request, response);
    }
}
