package io.midwatch.webapps;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.ParseException;
import java.util.List;

import com.nimbusds.jwt.SignedJWT;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.midwatch.support.SsoIntegrationTest;

/** Single sign-on in a real browser: the webapps' own "Log out" ends the session at MidWatch and at the provider. */
class UsersLogOutOfTheWebappsAndTheProviderTest extends SsoIntegrationTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    private static final By PROVIDER_LOGIN = By.id(PROVIDER_LOGIN_PAGE);
    private static final By USER_MENU = By.cssSelector("li.account a.dropdown-toggle");

    @LocalServerPort
    int port;

    @Test
    void SSO_anOperatorWhoLogsOutOfTasklistIsLoggedOutAtTheProviderAndMustLogInThereAgain() {
        // Given an operator of the provider's operators group logged in to Tasklist through the provider
        nextLoginAs("otto.ops", List.of(OPERATORS));
        browser.step("login", () -> {
            browser.open(url("/camunda/app/tasklist/"));
            browser.visible(USER_MENU);
        });

        // When it clicks Tasklist's own "Log out"
        browser.step("logout", browser::logOut);

        // Then the provider is asked to end its session, with the operator's ID token as hint
        browser.step("provider login page", () -> browser.visibleAfterNavigation(PROVIDER_LOGIN));
        HttpUrl endSession = providerReceived(request -> request.encodedPath().endsWith("/endsession")
                && "otto.ops".equals(userOf(request.queryParameter("id_token_hint")))).getRequestUrl();
        assertThat(endSession.queryParameter("post_logout_redirect_uri")).isEqualTo(url("/camunda/app/"));

        // And the browser came back to MidWatch, which has no session for it any more and sends it to the provider
        // to log in, where the provider's login page is shown
        HttpUrl login = providerReceived(request -> request.encodedPath().endsWith("/authorize")).getRequestUrl();
        assertThat(login.queryParameter("redirect_uri")).isEqualTo(url("/login/oauth2/code/corp"));

        // And opening Tasklist again shows the provider's login page, not Tasklist
        browser.step("reopened", () -> {
            browser.open(url("/camunda/app/tasklist/"));
            browser.visible(PROVIDER_LOGIN);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"cockpit", "admin"})
    void SSO_anAdministratorWhoLogsOutOfCockpitOrAdminIsLoggedOutAtTheProviderToo(String app) {
        // Given an administrator of the provider's administrators group logged in to the app through the provider
        nextLoginAs("alma.admin", List.of(ADMINS));
        browser.step(app + "-login", () -> {
            browser.open(url("/camunda/app/" + app + "/"));
            browser.visible(USER_MENU);
        });

        // When it clicks the app's own "Log out"
        browser.step(app + "-logout", browser::logOut);

        // Then the provider is asked to end its session, with the administrator's ID token as hint, and shows its
        // login page when the browser is back
        browser.step(app + "-provider login page", () -> browser.visibleAfterNavigation(PROVIDER_LOGIN));
        providerReceived(request -> request.encodedPath().endsWith("/endsession")
                && "alma.admin".equals(userOf(request.queryParameter("id_token_hint"))));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static String userOf(String idToken) {
        try {
            return idToken == null ? null
                    : SignedJWT.parse(idToken).getJWTClaimsSet().getStringClaim("preferred_username");
        } catch (ParseException notAToken) {
            return null;
        }
    }
}
