package io.midwatch.webapps;

import static io.midwatch.support.TestAccounts.OPERATOR;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.midwatch.support.TestAccounts;

/** Without single sign-on, Tasklist's own "Log out" ends the session and shows Tasklist's login form. */
class OperatorLogsOutOfTasklistTest extends WebappTest {

    private static final By LOGIN_FORM = By.cssSelector("form[name=signinForm]");

    @Test
    void anOperatorWhoLogsOutOfTasklistSeesItsLoginFormAgainAndAgainAfterOpeningTasklist() {
        // Given an operator logged in to Tasklist with its login form
        browser.step("login", () -> browser.logIn(url("/camunda/app/tasklist/"), OPERATOR, TestAccounts.PASSWORD));

        // When it clicks Tasklist's own "Log out"
        browser.step("logout", browser::logOut);

        // Then Tasklist shows its login form, and opening Tasklist again shows the form too: the session is over
        browser.step("login form", () -> browser.visible(LOGIN_FORM));
        browser.step("reopened", () -> {
            browser.open(url("/camunda/app/tasklist/"));
            browser.visible(LOGIN_FORM);
        });
    }
}
