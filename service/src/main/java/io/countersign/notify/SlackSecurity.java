package io.countersign.notify;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Slack cannot sign in: its requests are authenticated by their signature, which {@link SlackInteractions} checks
 * before anything else. So this path has its own stateless chain with no session and no CSRF token (the signature
 * is what a forged cross-site request cannot carry). Without a signing secret nothing answers here (404).
 */
@Configuration(proxyBeanMethods = false)
class SlackSecurity {

    @Bean
    @Order(0)
    SecurityFilterChain slackInteractionsChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/integrations/slack/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }
}
