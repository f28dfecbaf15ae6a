package io.midwatch.security.sso;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * With single sign-on, Cockpit, Tasklist and Admin run one script more, {@code sso-logout.js}: after their own
 * "Log out" it sends the browser where MidWatch's answer says ({@link WebappLogoutAnswer}), the provider's
 * end-session endpoint, instead of to the app's login form, which is closed. The apps load it as one of their
 * {@code customScripts}: each app's {@code config.js} is answered with a module that reads the app's own
 * {@code config.js} and adds the script to it.
 */
class WebappLogoutScript extends HttpFilter {

    static final String SCRIPT = "/camunda/app/sso-logout.js";
    static final List<String> CONFIGS = Stream.of("cockpit", "tasklist", "admin")
            .map(app -> "/camunda/app/" + app + "/scripts/config.js").toList();

    /** The query of the app's own {@code config.js}, which goes on to the webapps' resources. */
    private static final String OWN_CONFIG = "own";

    /** customScripts are paths below {@code /camunda/app/<app>/}, without ".js". */
    private static final byte[] CONFIG = """
            import config from './config.js?%s';
            export default {...config, customScripts: [...(config.customScripts || []), '../sso-logout']};
            """.formatted(OWN_CONFIG).getBytes(StandardCharsets.UTF_8);

    private final byte[] script;

    WebappLogoutScript() {
        try {
            script = new ClassPathResource("sso-logout.js", WebappLogoutScript.class).getContentAsByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!HttpMethod.GET.matches(request.getMethod()) || OWN_CONFIG.equals(request.getQueryString())) {
            chain.doFilter(request, response);
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        response.setContentType("text/javascript;charset=UTF-8");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.getOutputStream().write(SCRIPT.equals(path) ? script : CONFIG);
    }
}
