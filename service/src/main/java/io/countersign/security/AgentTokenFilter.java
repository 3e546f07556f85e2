package io.countersign.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer cs_agt_...} on the v1 API. A bearer value that is not a live agent token
 * is answered with 401 at once rather than passed on as anonymous, so an agent learns its token is dead.
 */
final class AgentTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    static final String API_V1 = "/api/v1/";
    /** The MCP server's endpoint (issue 12): agents authenticate there with the same tokens. */
    static final String MCP = "/mcp";

    private final AgentTokens tokens;
    private final Problems problems;

    AgentTokenFilter(AgentTokens tokens, Problems problems) {
        this.tokens = tokens;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        Optional<AgentToken> token = (request.getRequestURI().startsWith(API_V1) || request.getRequestURI().equals(MCP)
                || request.getRequestURI().startsWith(MCP + "/"))
                ? tokens.authenticate(header.substring(BEARER.length()).strip())
                : Optional.empty();
        if (token.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"countersign\", error=\"invalid_token\"");
            problems.write(response, HttpStatus.UNAUTHORIZED, "the agent token is unknown, expired or revoked");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new AgentAuthentication(token.get()));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
