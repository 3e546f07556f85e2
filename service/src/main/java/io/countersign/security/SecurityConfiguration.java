package io.countersign.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Two doors. The JSON API under {@code /api} is stateless (HTTP Basic for people, bearer agent tokens for agents),
 * so no cookie can carry a forged request and CSRF tokens are not needed there. The web task list uses form login
 * (and OpenID Connect when configured, see {@link OidcLoginConfiguration}) with CSRF protection, session fixation
 * protection and a strict content security policy. Passwords are stored as BCrypt hashes behind the delegating
 * encoder's {@code {id}}.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    // --- MCP server (issue 12): one request budget per token or login, whichever door it uses ---
    @Bean
    TokenBuckets requestBudgets() {
        return new TokenBuckets(System::nanoTime);
    }

    /**
     * The MCP server at {@code /mcp}: agents only, by their bearer token, with the API's body limit, rate limits and
     * directory refresh. No token is a 401 at the HTTP level (before any MCP message is read), a dead one too.
     */
    @Bean
    @Order(0)
    SecurityFilterChain mcp(HttpSecurity http, ObjectMapper json, AgentTokens agentTokens, RateLimitProperties limits,
                            UserDirectory users, OidcIdentities identities, TokenBuckets requestBudgets)
            throws Exception {
        Problems problems = new Problems(json);
        http.securityMatcher(AgentTokenFilter.MCP, AgentTokenFilter.MCP + "/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().hasRole(Roles.AGENT))
                .addFilterBefore(new BodySizeFilter(limits.maxBodyBytes(), problems), BasicAuthenticationFilter.class)
                .addFilterBefore(new AgentTokenFilter(agentTokens, problems), BasicAuthenticationFilter.class)
                .addFilterAfter(new RateLimitFilter(limits, requestBudgets, problems), BasicAuthenticationFilter.class)
                .addFilterBefore(new DirectoryRefresh(users, identities), AuthorizationFilter.class)
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Bearer realm=\"countersign\"");
                            problems.write(response, HttpStatus.UNAUTHORIZED, "an agent token is required");
                        })
                        .accessDeniedHandler((request, response, e) ->
                                problems.write(response, HttpStatus.FORBIDDEN, "the MCP server is for agent tokens")))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ObjectMapper json, AgentTokens agentTokens,
                            RateLimitProperties limits, FailedSignIns failedSignIns, UserDirectory users,
                            OidcIdentities identities, TokenBuckets requestBudgets) throws Exception {
        Problems problems = new Problems(json);
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.POST, "/api/v1/change-requests").hasAnyRole(Roles.ENGINEER, Roles.AGENT)
                        .requestMatchers(HttpMethod.GET, "/api/v1/change-requests/*",
                                "/api/v1/change-requests/*/decision").authenticated()
                        // Executors (issue 12): the stored plan, to rehash and run.
                        .requestMatchers(HttpMethod.GET, "/api/v1/change-requests/*/plan").authenticated()
                        .requestMatchers(HttpMethod.POST, "/api/v1/change-requests/*/withdraw",
                                "/api/v1/change-requests/*/execution-report",
                                "/api/v1/approval-tokens/redeem").hasAnyRole(Roles.ENGINEER, Roles.AGENT)
                        .requestMatchers(HttpMethod.POST, "/api/v1/approval-tokens/verify").authenticated()
                        // --- policy dry run (issue 12): the same callers as submit ---
                        .requestMatchers(HttpMethod.POST, "/api/v1/policy-checks").hasAnyRole(Roles.ENGINEER, Roles.AGENT)
                        .requestMatchers("/api/v1/tasks/**").hasRole(Roles.APPROVER)
                        .requestMatchers("/api/v1/audit/**").hasAnyRole(Roles.AUDITOR, Roles.ADMIN)
                        .requestMatchers("/api/v1/admin/**").hasRole(Roles.ADMIN)
                        // breakglass (issue 14): everyone signed in, agents too, reads the freeze calendar; admins
                        // change it. Break-glass itself is for people only, so it stays under the rule below.
                        .requestMatchers(HttpMethod.GET, "/api/v1/freeze-windows", "/api/v1/freeze-windows/*")
                                .authenticated()
                        .requestMatchers("/api/v1/freeze-windows", "/api/v1/freeze-windows/**").hasRole(Roles.ADMIN)
                        // Agents get only what is listed above; anything added later is for people until said otherwise.
                        .anyRequest().access(AuthorizationManagers.allOf(
                                AuthenticatedAuthorizationManager.authenticated(),
                                AuthorizationManagers.not(AuthorityAuthorizationManager.hasRole(Roles.AGENT)))))
                .addFilterBefore(new BodySizeFilter(limits.maxBodyBytes(), problems), BasicAuthenticationFilter.class)
                .addFilterBefore(new AgentTokenFilter(agentTokens, problems), BasicAuthenticationFilter.class)
                .addFilterBefore(FailedSignIns.basic(failedSignIns, problems), BasicAuthenticationFilter.class)
                .addFilterAfter(new RateLimitFilter(limits, requestBudgets, problems),
                        BasicAuthenticationFilter.class)
                .addFilterBefore(new DirectoryRefresh(users, identities), AuthorizationFilter.class);
        return statelessBasic(http, problems);
    }

    /** HTTP Basic with problem-detail 401/403 answers and no session: what the API and the scrape endpoint share. */
    private static SecurityFilterChain statelessBasic(HttpSecurity http, Problems problems) throws Exception {
        http.httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"countersign\"");
                    problems.write(response, HttpStatus.UNAUTHORIZED, "authentication required");
                }))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) ->
                        problems.write(response, HttpStatus.FORBIDDEN, "your role does not allow this")))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    // ---- ops: the Prometheus scrape endpoint ----
    /**
     * {@code /actuator/prometheus} for admins only, with HTTP Basic (what Prometheus' {@code basic_auth} sends) and no
     * session; failed sign-ins count against the same limit as everywhere else.
     */
    @Bean
    @Order(0)
    SecurityFilterChain metrics(HttpSecurity http, ObjectMapper json, FailedSignIns failedSignIns, UserDirectory users,
                                OidcIdentities identities) throws Exception {
        Problems problems = new Problems(json);
        http.securityMatcher("/actuator/prometheus", "/actuator/prometheus/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().hasRole(Roles.ADMIN))
                .addFilterBefore(FailedSignIns.basic(failedSignIns, problems), BasicAuthenticationFilter.class)
                .addFilterBefore(new DirectoryRefresh(users, identities), AuthorizationFilter.class);
        return statelessBasic(http, problems);
    }
    // ---- end ops ----

    /**
     * Scripts and styles only from our own origin (the vendored bpmn-js and htmx, and our own files): no inline
     * script, no eval, no inline style. The browser tests fail on any violation the pages cause.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
            + "frame-ancestors 'none'; form-action 'self'";

    @Bean
    @Order(2)
    SecurityFilterChain web(HttpSecurity http, ObjectProvider<OidcLoginConfiguration.OidcLogin> oidc,
                            FailedSignIns failedSignIns, UserDirectory users, OidcIdentities identities)
            throws Exception {
        http.addFilterBefore(FailedSignIns.form(failedSignIns), UsernamePasswordAuthenticationFilter.class)
                // Roles and groups are today's directory entry, not the session's copy from sign-in.
                .addFilterBefore(new DirectoryRefresh(users, identities), AuthorizationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/css/**", "/js/**", "/vendor/**", "/favicon.svg", "/favicon.ico",
                                "/error", "/actuator/health/**").permitAll()
                        // Executors verify approval tokens offline; agents read the API description.
                        .requestMatchers(HttpMethod.GET, "/.well-known/jwks.json", "/.well-known/countersign/checkpoint",
                                "/.well-known/countersign/log-key", "/v3/api-docs", "/v3/api-docs/**",
                                "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        // The pages check the same roles; these rules keep a page added later from forgetting to.
                        .requestMatchers(HttpMethod.POST, "/requests/*/decision", "/tasks/**").hasRole(Roles.APPROVER)
                        .requestMatchers("/requests/new", "/requests/new/**", "/my-requests").hasRole(Roles.ENGINEER)
                        .requestMatchers("/audit/**").hasAnyRole(Roles.AUDITOR, Roles.ADMIN)
                        .requestMatchers("/admin/**").hasRole(Roles.ADMIN)
                        // Agents work through the API only; a page is for people in one of the human roles.
                        .anyRequest().hasAnyRole(Roles.ENGINEER, Roles.APPROVER, Roles.AUDITOR, Roles.ADMIN))
                .formLogin(form -> form.loginPage("/login").failureUrl("/login?error").permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .deleteCookies("JSESSIONID"))
                .csrf(Customizer.withDefaults())
                // A new session id at sign-in, so an id planted before it is worth nothing after.
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                // --- pages (issue 17): the 403 page names the role the rule required ---
                .exceptionHandling(ex -> ex.accessDeniedHandler(new PageAccessDenied()))
                // --- end pages ---
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
        OidcLoginConfiguration.OidcLogin sso = oidc.getIfAvailable();
        if (sso != null) {
            sso.configure(http);
        }
        return http.build();
    }

    // --- pages (issue 17): firewall rejections answer through the error page, not as a bare 500 ---
    @Bean
    org.springframework.security.web.firewall.RequestRejectedHandler requestRejectedHandler() {
        return new RejectedAddresses();
    }
    // --- end pages ---
}
