package io.countersign.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Two doors. The JSON API under {@code /api} is stateless (HTTP Basic, later agent tokens), so no cookie can carry
 * a forged request and CSRF tokens are not needed there. The web task list uses form login (and OpenID Connect when
 * configured, see {@link OidcLoginConfiguration}) with CSRF protection, session fixation protection and a strict
 * content security policy. Passwords are stored as BCrypt hashes behind the delegating encoder's {@code {id}}.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ObjectMapper json) throws Exception {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.POST, "/api/v1/change-requests").hasAnyRole(Roles.ENGINEER, Roles.AGENT)
                        .requestMatchers(HttpMethod.POST, "/api/v1/change-requests/*/withdraw",
                                "/api/v1/change-requests/*/execution-report").hasAnyRole(Roles.ENGINEER, Roles.AGENT)
                        .requestMatchers("/api/v1/tasks/**").hasRole(Roles.APPROVER)
                        .requestMatchers("/api/v1/audit/**").hasAnyRole(Roles.AUDITOR, Roles.ADMIN)
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"countersign\"");
                    problem(response, json, HttpStatus.UNAUTHORIZED, "authentication required");
                }))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) ->
                        problem(response, json, HttpStatus.FORBIDDEN, "your role does not allow this")))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * Scripts and styles only from our own origin (the vendored bpmn-js and htmx, and our own files): no inline
     * script, no eval, no inline style. The browser tests fail on any violation the pages cause.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
            + "frame-ancestors 'none'; form-action 'self'";

    @Bean
    @Order(2)
    SecurityFilterChain web(HttpSecurity http, ObjectProvider<OidcLoginConfiguration.OidcLogin> oidc)
            throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/css/**", "/js/**", "/vendor/**", "/favicon.svg", "/favicon.ico",
                                "/error", "/actuator/health/**").permitAll()
                        // Agents work through the API only; a page is for people in one of the human roles.
                        .anyRequest().hasAnyRole(Roles.ENGINEER, Roles.APPROVER, Roles.AUDITOR, Roles.ADMIN))
                .formLogin(form -> form.loginPage("/login").failureUrl("/login?error").permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .deleteCookies("JSESSIONID"))
                .csrf(Customizer.withDefaults())
                // A new session id at sign-in, so an id planted before it is worth nothing after.
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
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

    private static void problem(HttpServletResponse response, ObjectMapper json, HttpStatus status, String detail)
            throws java.io.IOException {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(status.getReasonPhrase());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }
}
