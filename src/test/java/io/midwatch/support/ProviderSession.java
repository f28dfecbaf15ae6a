package io.midwatch.support;

import java.util.concurrent.atomic.AtomicBoolean;

import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponseKt;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;

/**
 * The provider's own session, which mock-oauth2-server does not keep: a login at the provider begins it, the
 * provider's end-session endpoint ends it (and sends the browser to the post-logout redirect URI), and while it is
 * ended the provider's authorization endpoint shows its login page instead of logging anybody in.
 */
final class ProviderSession {

    static final String LOGIN_PAGE_ID = "provider-login";

    private final AtomicBoolean ended = new AtomicBoolean();

    /** A user logs in at the provider. */
    void begin() {
        ended.set(false);
    }

    Route[] routes() {
        return new Route[] {new EndSession(), new LoginPage()};
    }

    private final class EndSession implements Route {

        @Override
        public boolean match(OAuth2HttpRequest request) {
            return request.getUrl().encodedPath().endsWith("/endsession");
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            ended.set(true);
            String back = request.getUrl().queryParameter("post_logout_redirect_uri");
            return back == null ? OAuth2HttpResponseKt.html("logged out")
                    : OAuth2HttpResponseKt.redirect(back, Headers.of());
        }
    }

    private final class LoginPage implements Route {

        @Override
        public boolean match(OAuth2HttpRequest request) {
            return ended.get() && "GET".equals(request.getMethod())
                    && request.getUrl().encodedPath().endsWith("/authorize");
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            return OAuth2HttpResponseKt.html("""
                    <!DOCTYPE html>
                    <html lang="en"><head><meta charset="utf-8"><title>Identity provider: log in</title></head>
                    <body><h1 id="%s">Log in</h1>
                    <form method="post"><input name="username"><input name="password" type="password"></form>
                    </body></html>
                    """.formatted(LOGIN_PAGE_ID));
        }
    }
}
