package io.midwatch.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import io.midwatch.platform.ProblemResponse;
import io.midwatch.security.sso.BearerTokenUsers;
import io.midwatch.security.sso.SsoSignIn;
import io.midwatch.security.sso.SsoWebappLogin;

/**
 * Spring Security guards MidWatch's own API, its OpenAPI description and Swagger UI, and the actuator: HTTP
 * Basic as a Camunda user, and the role rules of {@link ApiAccessRules}. The engine REST API and the webapps
 * keep Camunda's own authentication (its Basic filter, the webapps' login) and its authorizations; here they
 * get security headers only. With an identity provider configured (docs/security.md, "Single sign-on"), the API
 * also takes the provider's bearer tokens and the webapps log in through the provider.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfig {

    /** A MID Server authenticates as its {@code sys_user}, which the heartbeat checks itself (R12). */
    @Bean
    @Order(1)
    SecurityFilterChain heartbeats(HttpSecurity http) throws Exception {
        return stateless(http.securityMatcher(PathPatternRequestMatcher.withDefaults()
                        .matcher("/api/mid-servers/*/heartbeat")))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, CamundaUserAuthentication camundaUsers, ObjectMapper json,
                            ObjectProvider<JwtDecoder> providerTokens, SsoSignIn ssoSignIn) throws Exception {
        var problems = new ProblemResponses(json);
        JwtDecoder tokens = providerTokens.getIfAvailable();
        if (tokens != null) {
            http.oauth2ResourceServer(bearer -> bearer
                    .jwt(jwt -> jwt.decoder(tokens).jwtAuthenticationConverter(new BearerTokenUsers(ssoSignIn)))
                    .authenticationEntryPoint((request, response, invalid) ->
                            BearerTokenUsers.refuseInvalidToken(response, json)));
        }
        return stateless(http.securityMatcher("/api/**", "/actuator/**", "/v3/api-docs/**", "/v3/api-docs.yaml/**",
                        "/swagger-ui.html", "/swagger-ui/**"))
                .authenticationProvider(camundaUsers)
                .authorizeHttpRequests(requests -> {
                    ApiAccessRules.RULES.forEach(rule -> {
                        var matched = requests.requestMatchers(rule.matcher());
                        if (rule.roles().isEmpty()) {
                            matched.permitAll();
                        } else {
                            matched.hasAnyAuthority(Role.groupIds(rule.roles()));
                        }
                    });
                    requests.anyRequest().hasAnyAuthority(Role.groupIds(ApiAccessRules.OTHERWISE));
                })
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }

    /**
     * Spring Security's firewall refuses URLs that hold encoded line breaks, other control characters or path
     * tricks, before any controller: the answer is a problem like every other refusal.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ObjectMapper json) {
        return (request, response, rejected) -> ProblemResponse.write(response, HttpStatus.BAD_REQUEST,
                "The request's path must not contain control characters (such as CR or LF) or other characters that"
                        + " have no place in a URL", json);
    }

    @Bean
    CamundaUserAuthentication camundaUserAuthentication(IdentityService identityService, ApiProperties properties,
                                                        LoginThrottle throttle) {
        return new CamundaUserAuthentication(identityService,
                new VerifiedCredentials(properties.verifiedCredentialsTimeToLive(), System::nanoTime), throttle);
    }

    /** Camunda's Basic filter authenticates; Spring adds HSTS over HTTPS, EngineRestFilters nosniff and no-store. */
    @Bean
    @Order(3)
    SecurityFilterChain engineRest(HttpSecurity http) throws Exception {
        return stateless(http.securityMatcher("/engine-rest/**"))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .build();
    }

    /**
     * Cockpit, Tasklist and Admin: their own login, CSRF protection and security headers; with an identity
     * provider, its login instead of theirs.
     */
    @Bean
    @Order(4)
    SecurityFilterChain webapps(HttpSecurity http, ObjectProvider<ClientRegistrationRepository> provider,
                                SsoWebappLogin ssoLogin) throws Exception {
        http.securityMatcher("/**")
                .csrf(AbstractHttpConfigurer::disable)
                .headers(AbstractHttpConfigurer::disable);
        ClientRegistrationRepository clients = provider.getIfAvailable();
        if (clients != null) {
            // the request cache brings the user back to the app it opened once the provider has logged it in
            return ssoLogin.applyTo(http, clients).build();
        }
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .requestCache(AbstractHttpConfigurer::disable)
                .build();
    }

    private static HttpSecurity stateless(HttpSecurity http) throws Exception {
        return http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .headers(Customizer.withDefaults());
    }
}
