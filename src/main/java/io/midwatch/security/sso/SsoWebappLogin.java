package io.midwatch.security.sso;

import java.util.LinkedHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.authentication.logout.DelegatingLogoutSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

/**
 * Cockpit, Tasklist and Admin behind the identity provider: the authorization code flow with PKCE, the user
 * signed in as a Camunda user ({@link SsoSignIn}), and logout at the provider (RP-initiated logout, with the
 * ID token as hint). Camunda's own login form is closed: a provider user has no password to fall back to.
 */
@Component
public class SsoWebappLogin {

    /** Ends the MidWatch session and the provider's, then comes back to the webapps. */
    public static final String LOGOUT = "/camunda/logout";

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    private final SsoSignIn signIn;
    private final SsoProperties properties;
    private final ObjectMapper json;

    SsoWebappLogin(SsoSignIn signIn, SsoProperties properties, ObjectMapper json) {
        this.signIn = signIn;
        this.properties = properties;
        this.json = json;
    }

    public HttpSecurity applyTo(HttpSecurity http, ClientRegistrationRepository clients) throws Exception {
        var pkce = new DefaultOAuth2AuthorizationRequestResolver(clients,
                OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        // PKCE for confidential clients too, where Spring Security adds it only when asked
        pkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        RequestMatcher camundaLogout = PATHS.matcher(HttpMethod.POST, "/camunda/api/admin/auth/user/*/logout");
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(PATHS.matcher("/camunda/api/admin/auth/user/*/login/**")).denyAll()
                        .requestMatchers(PATHS.matcher("/camunda/app/**"), PATHS.matcher("/camunda/api/**"))
                        .authenticated()
                        .anyRequest().permitAll())
                .oauth2Login(login -> login
                        .authorizationEndpoint(authorization -> authorization.authorizationRequestResolver(pkce))
                        .userInfoEndpoint(users -> users.oidcUserService(
                                new ProviderOidcUsers(signIn, properties.userNameClaim())))
                        .failureHandler(new LoginFailurePage()))
                .logout(logout -> logout
                        // the webapps' CSRF token is checked before the logout: the session that holds it ends there
                        .logoutRequestMatcher(new OrRequestMatcher(PATHS.matcher(LOGOUT),
                                new AndRequestMatcher(camundaLogout, new CarriesWebappCsrfToken())))
                        .logoutSuccessHandler(afterLogout(clients, camundaLogout)));
    }

    /**
     * {@link #LOGOUT} goes on to the provider's end-session endpoint, which comes back to the webapps. The webapps'
     * own "Log out" is a script's call, which cannot follow a redirect to another site: it is told that address,
     * and their script sends the browser there.
     */
    private LogoutSuccessHandler afterLogout(ClientRegistrationRepository clients, RequestMatcher camundaLogout) {
        var handlers = new LinkedHashMap<RequestMatcher, LogoutSuccessHandler>();
        handlers.put(camundaLogout, backToTheWebapps(new WebappLogoutAnswer(clients, json)));
        var afterLogout = new DelegatingLogoutSuccessHandler(handlers);
        afterLogout.setDefaultLogoutSuccessHandler(
                backToTheWebapps(new OidcClientInitiatedLogoutSuccessHandler(clients)));
        return afterLogout;
    }

    private static LogoutSuccessHandler backToTheWebapps(OidcClientInitiatedLogoutSuccessHandler atProvider) {
        atProvider.setPostLogoutRedirectUri("{baseUrl}/camunda/app/");
        return atProvider;
    }
}
