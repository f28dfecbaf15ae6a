package io.midwatch.security.sso;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * Answers the webapps' own "Log out", a script's call that cannot follow a redirect to another site, with where
 * the browser goes next: the provider's end-session endpoint with the ID token as hint, as {@code /camunda/logout}
 * redirects. The webapps' {@code sso-logout.js} ({@link WebappLogoutScript}) sends the browser there.
 */
class WebappLogoutAnswer extends OidcClientInitiatedLogoutSuccessHandler {

    private final ObjectMapper json;

    WebappLogoutAnswer(ClientRegistrationRepository clients, ObjectMapper json) {
        super(clients);
        this.json = json;
    }

    @Override
    public void onLogoutSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        String location = determineTargetUrl(request, response, authentication);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        // it holds the user's ID token: kept by no cache
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        json.writeValue(response.getOutputStream(), Map.of("location", location));
    }
}
