package io.midwatch.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic authentication of MidWatch's own API against the Camunda users, so that the people who
 * work in Tasklist use the same account here. The heartbeat is left to its own check: a MID Server
 * authenticates as its {@code sys_user}, not as a Camunda user.
 */
public class ApiAuthenticationFilter extends OncePerRequestFilter {

    private static final Pattern HEARTBEAT = Pattern.compile("^/api/mid-servers/[^/]+/heartbeat/?$");

    private final IdentityService identityService;
    private final VerifiedCredentials verified;

    ApiAuthenticationFilter(IdentityService identityService, VerifiedCredentials verified) {
        this.identityService = identityService;
        this.verified = verified;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return HEARTBEAT.matcher(request.getRequestURI().substring(request.getContextPath().length())).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<BasicCredentials> credentials = BasicCredentials.from(request.getHeader(HttpHeaders.AUTHORIZATION));
        Optional<List<String>> groups = credentials.flatMap(this::groupsOfVerifiedCaller);
        if (groups.isEmpty()) {
            unauthorized(response, "MidWatch", "Authenticate with HTTP Basic as a Camunda user");
            return;
        }
        identityService.setAuthentication(credentials.get().userName(), groups.get());
        try {
            chain.doFilter(request, response);
        } finally {
            identityService.clearAuthentication();
        }
    }

    /** The caller's groups when Camunda accepts its password (or did so lately); empty when it does not. */
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

    /** Writes a 401 problem with a Basic challenge. */
    public static void unauthorized(HttpServletResponse response, String realm, String detail) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + realm + "\"");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\""
                + detail.replace("\"", "'") + "\"}");
    }

    /** User name and password of an {@code Authorization: Basic} header. */
    public record BasicCredentials(String userName, String password) {

        public static Optional<BasicCredentials> from(String header) {
            if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
                return Optional.empty();
            }
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon <= 0) {
                    return Optional.empty();
                }
                return Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
    }
}
