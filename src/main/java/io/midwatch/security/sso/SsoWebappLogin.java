package io.midwatch.security.sso;

import java.util.LinkedHashMap;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.authentication.logout.DelegatingLogoutSuccessHandler;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
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

    SsoWebappLogin(SsoSignIn signIn, SsoProperties properties) {
        this.signIn = signIn;
        this.properties = properties;
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
                        .logoutRequestMatcher(new OrRequestMatcher(PATHS.matcher(LOGOUT), camundaLogout))
                        .logoutSuccessHandler(afterLogout(clients, camundaLogout)));
    }

    /**
     * {@link #LOGOUT} goes on to the provider's end-session endpoint. The webapps' own "Log out" is a script's
     * call, which cannot follow a redirect to another site: it ends MidWatch's session and is answered 200.
     */
    private static LogoutSuccessHandler afterLogout(ClientRegistrationRepository clients, RequestMatcher camundaLogout) {
        var atProvider = new OidcClientInitiatedLogoutSuccessHandler(clients);
        atProvider.setPostLogoutRedirectUri("{baseUrl}/camunda/app/");
        var handlers = new LinkedHashMap<RequestMatcher, LogoutSuccessHandler>();
        handlers.put(camundaLogout, new HttpStatusReturningLogoutSuccessHandler(HttpStatus.OK));
        var afterLogout = new DelegatingLogoutSuccessHandler(handlers);
        afterLogout.setDefaultLogoutSuccessHandler(atProvider);
        return afterLogout;
    }
}
