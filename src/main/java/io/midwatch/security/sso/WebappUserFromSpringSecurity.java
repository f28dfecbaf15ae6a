package io.midwatch.security.sso;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.engine.rest.security.auth.impl.ContainerBasedAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;

/**
 * Hands the user who logged in through the identity provider (Spring Security's session) to Camunda's
 * webapps, with the MidWatch groups its login mapped; Camunda's {@code ContainerBasedAuthenticationFilter}
 * creates it from its class name and keeps the result in the webapps' session until the next login.
 */
public class WebappUserFromSpringSecurity extends ContainerBasedAuthenticationProvider {

    @Override
    public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
        Authentication login = SecurityContextHolder.getContext().getAuthentication();
        if (!(login instanceof OAuth2AuthenticationToken) || !login.isAuthenticated()) {
            return AuthenticationResult.unsuccessful();
        }
        AuthenticationResult user = AuthenticationResult.successful(login.getName());
        user.setGroups(login.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
        user.setTenants(List.of());
        return user;
    }
}
