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
 * checks the password, throttled per client address ({@link LoginThrottle}); accepted credentials are
 * remembered for a short while (docs/adr/0007-credential-caching-on-api.md), but not for an address that
 * is held back, so that the remembered password cannot be confirmed from there.
 */
class CamundaUserAuthentication implements AuthenticationProvider {

    private final IdentityService identityService;
    private final VerifiedCredentials verified;
    private final LoginThrottle throttle;

    CamundaUserAuthentication(IdentityService identityService, VerifiedCredentials verified, LoginThrottle throttle) {
        this.identityService = identityService;
        this.verified = verified;
        this.throttle = throttle;
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
        String address = ClientAddress.current();
        // a held-back address goes to the identity service, which refuses it unchecked and logs it
        if (remembered.isPresent() && !throttle.isBlocked(address, credentials.userName())) {
            throttle.recordSuccess(address, credentials.userName());
            return remembered;
        }
        long verificationStart = verified.beforeVerifying();
        if (!identityService.checkPassword(credentials.userName(), credentials.password())) {
            verified.failed(credentials);
            return Optional.empty();
        }
        List<String> groups = identityService.createGroupQuery().groupMember(credentials.userName()).list().stream()
                .map(Group::getId).toList();
        verified.remember(credentials, groups, verificationStart);
        return Optional.of(groups);
    }
}
