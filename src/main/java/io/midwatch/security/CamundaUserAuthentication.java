package io.midwatch.security;

import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import io.midwatch.platform.BasicCredentials;

/**
 * Authenticates the callers of MidWatch's API as Camunda users, so that the people who work in Tasklist
 * use the same account here; their Camunda groups become their authorities. Camunda's identity service
 * checks the password (and holds a user back after a wrong one); accepted credentials are remembered for a
 * short while (docs/adr/0007-credential-caching-on-api.md).
 */
class CamundaUserAuthentication implements AuthenticationProvider {

    private final IdentityService identityService;
    private final VerifiedCredentials verified;

    CamundaUserAuthentication(IdentityService identityService, VerifiedCredentials verified) {
        this.identityService = identityService;
        this.verified = verified;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        var credentials = new BasicCredentials(authentication.getName(), String.valueOf(authentication.getCredentials()));
        List<String> groups = groupsOfVerifiedCaller(credentials)
                .orElseThrow(() -> new BadCredentialsException("Wrong user name or password"));
        return UsernamePasswordAuthenticationToken.authenticated(credentials.userName(), null,
                groups.stream().map(SimpleGrantedAuthority::new).toList());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private Optional<List<String>> groupsOfVerifiedCaller(BasicCredentials credentials) {
        Optional<List<String>> remembered = verified.groupsOf(credentials);
        if (remembered.isPresent()) {
            return remembered;
        }
        long verificationStart = verified.beforeVerifying();
        if (!identityService.checkPassword(credentials.userName(), credentials.password())) {
            verified.forget(credentials.userName());
            return Optional.empty();
        }
        List<String> groups = identityService.createGroupQuery().groupMember(credentials.userName()).list().stream()
                .map(Group::getId).toList();
        verified.remember(credentials, groups, verificationStart);
        return Optional.of(groups);
    }
}
