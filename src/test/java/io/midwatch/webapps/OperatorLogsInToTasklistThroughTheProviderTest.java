package io.midwatch.webapps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.midwatch.issue.IssueFixtures;
import io.midwatch.support.SsoIntegrationTest;

/** Single sign-on in a real browser: an operator of the provider's operators group works its task in Tasklist. */
class OperatorLogsInToTasklistThroughTheProviderTest extends SsoIntegrationTest {

    @RegisterExtension
    static final Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Test
    void SSO_anOperatorOfTheProvidersOperatorsGroupLogsInToTasklistSeesAndClaimsTheVerificationTask() {
        // Given a verification task of a MID Server issue, for the operators
        var given = new IssueFixtures(api, runtimeService, taskService, managementService, historyService);
        given.healthyUser("mid.north.user");
        given.midServer("mid-north", "mid.north.user", "Down");
        given.cloneAndFirstPass();
        UUID issueId = UUID.fromString(given.onlyIssueOf("mid-north").get("id").asText());
        given.awaitVerificationTask(issueId);

        // When a user of the provider's operators group opens Tasklist, and the provider logs it in
        nextLoginAs("nora.ops", List.of(OPERATORS));
        // (once: the browser of this class is new, and each visit through the provider takes the login queued)
        browser.step("login", () -> browser.open("http://localhost:" + port + "/camunda/app/tasklist/"));

        // Then Tasklist shows the filter with the issue's task, and the operator claims it
        browser.step("filter", () -> browser.click(By.xpath(
                "//*[contains(@class,'task-filter')]//a[contains(normalize-space(.),'MID Server issues')]")));
        String taskName = "Verify credentials of MID Server user 'mid.north.user' (MID Server mid-north)";
        browser.step("task", () -> browser.click(By.xpath(
                "//ol[contains(@class,'tasks-list')]//h4//a[normalize-space(.)=\"" + taskName + "\"]")));
        browser.step("claim", () -> browser.click(By.cssSelector("button.claim")));
        browser.step("claimed", () -> await().atMost(IssueFixtures.PATIENCE).untilAsserted(() ->
                assertThat(taskService.createTaskQuery().processInstanceBusinessKey(issueId.toString())
                        .singleResult().getAssignee()).isEqualTo("nora.ops")));
    }
}
