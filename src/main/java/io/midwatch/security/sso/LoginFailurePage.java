package io.midwatch.security.sso;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.util.HtmlUtils;

/**
 * What a person sees when the login through the identity provider fails: a refused user (403) learns why; a
 * provider that could not be reached or answered wrongly (502) is said so. There is no other way in for the
 * provider's users: no password form to fall back to.
 */
class LoginFailurePage implements AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(LoginFailurePage.class);

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException failure) throws IOException {
        String code = failure instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode() : "";
        boolean refused = ProviderOidcUsers.REFUSED.equals(code);
        HttpStatus status = refused ? HttpStatus.FORBIDDEN : HttpStatus.BAD_GATEWAY;
        String message = refused ? failure.getMessage()
                : "The login through the identity provider failed (" + code + "): the provider could not be reached,"
                  + " or its answer could not be verified. Try again later; if it keeps failing, tell your"
                  + " administrator.";
        if (!refused) {
            // the error code only: a provider's description may quote what it was sent
            log.warn("A login through the identity provider failed: {}", code.replaceAll("[^A-Za-z0-9_.-]", "?"));
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
        response.getWriter().write("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>MidWatch: login failed</title></head>
                <body><h1>Login failed</h1><p id="reason">%s</p><p><a href="%s/camunda/app/">Try again</a></p></body>
                </html>
                """.formatted(HtmlUtils.htmlEscape(message), HtmlUtils.htmlEscape(request.getContextPath())));
    }
}
