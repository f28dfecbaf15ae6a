package io.midwatch.security;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;

/** Who calls the engine's REST APIs, and which path they call, as the filters in front of them see it. */
final class EngineApiCaller {

    private EngineApiCaller() {
    }

    /** The groups of the caller Camunda authenticated: on /engine-rest its Basic filter, in the webapps a session. */
    static Optional<List<String>> groupsOf(IdentityService identityService, HttpServletRequest request) {
        Authentication current = identityService.getCurrentAuthentication();
        if (current != null) {
            return Optional.of(current.getGroupIds() == null ? List.of() : current.getGroupIds());
        }
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        Authentications webapp = AuthenticationUtil.getAuthsFromSession(session);
        return webapp.getAuthentications().stream().findFirst()
                .map(user -> user.getGroupIds() == null ? List.<String>of() : user.getGroupIds());
    }

    static boolean isAdministrator(IdentityService identityService, HttpServletRequest request) {
        return groupsOf(identityService, request).map(groups -> groups.contains(Role.ADMINISTRATOR.groupId()))
                .orElse(false);
    }

    /**
     * The path as the servlet container decoded and normalised it (no {@code %xx}, no {@code ;params}), which
     * is what the engine's REST layer routes on; the raw request URI may spell the same call differently.
     */
    static String path(HttpServletRequest request) {
        return request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }
}
