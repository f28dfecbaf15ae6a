package io.midwatch.webapps;

import static io.midwatch.support.TestAccounts.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import org.springframework.http.HttpStatus;

import io.midwatch.issue.IssueFixtures;

import io.midwatch.support.TestAccounts;

/**
 * R10 in a real browser: an operator works a MID Server issue in Camunda Tasklist, from the filter to the
 * completed task, and the issue resolves when its MID Server comes Up.
 */
class OperatorWorksAnIssueInTasklistTest extends WebappTest {

    private static final String CREDENTIALS_FIXED = "The credentials were wrong and are fixed now";

    @Test
    void R10_anOperatorSeesTheDiagnosisClaimsTheTaskCompletesItAndTheIssueResolvesWhenTheMidServerComesUp() {
        // Given a Down MID Server whose last login failed with a wrong password (a clone brought the source's
        // password), and the issue a clone's first pass logged for it, diagnosed by the worker
        given.healthyUser("mid.east.user");
        given.midServer("mid-east", "mid.east.user", "Down");
        var refused = anonymous.withBasicAuth("mid.east.user", "Source-Pass-1")
                .postForEntity("/api/mid-servers/mid-east/heartbeat", null, JsonNode.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        given.cloneAndFirstPass();
        UUID issueId = UUID.fromString(given.onlyIssueOf("mid-east").get("id").asText());
        given.awaitVerificationTask(issueId);

        // When the operator logs in to Tasklist and opens the filter "MID Server issues"
        browser.step("login", () -> browser.logIn(url("/camunda/app/tasklist/"), OPERATOR, TestAccounts.PASSWORD));
        browser.step("filter", () -> browser.click(By.xpath(
                "//*[contains(@class,'task-filter')]//a[contains(normalize-space(.),'MID Server issues')]")));

        // Then the filter lists the issue's task, and its form shows the diagnosis
        String taskName = "Verify credentials of MID Server user 'mid.east.user' (MID Server mid-east)";
        browser.step("task", () -> browser.click(By.xpath(
                "//ol[contains(@class,'tasks-list')]//h4//a[normalize-space(.)=\"" + taskName + "\"]")));
        browser.step("diagnosis", () -> assertThat(browser.<String>waitUntil(page -> fieldValue("diagnosis")))
                .contains("MID Server mid-east failed with a wrong password")
                .contains("'mid.east.user'"));

        // When the operator claims the task, the issue becomes Acknowledged
        browser.step("claim", () -> browser.click(By.cssSelector("button.claim")));
        browser.step("claimed", () -> await().atMost(IssueFixtures.PATIENCE).untilAsserted(() ->
                assertThat(given.state(issueId)).isEqualTo("Acknowledged")));

        // When the operator answers that the credentials were wrong and are fixed now, and completes the task
        browser.step("outcome", () -> new Select(browser.visible(By.cssSelector("select[cam-variable-name=outcome]")))
                .selectByVisibleText(CREDENTIALS_FIXED));
        browser.step("complete", () -> browser.click(By.cssSelector("button[ng-click='complete()']")));

        // Then the task is gone from the filter and the issue waits for its MID Server
        browser.step("completed", () -> browser.waitUntil(page ->
                page.findElements(By.xpath("//ol[contains(@class,'tasks-list')]//h4//a")).isEmpty()));
        await().atMost(IssueFixtures.PATIENCE).until(() -> taskService.createTaskQuery()
                .processInstanceBusinessKey(issueId.toString()).count() == 0);
        assertThat(given.state(issueId)).isEqualTo("Acknowledged");

        // When the MID Server comes Up, the issue resolves
        var up = api.put("/api/mid-servers/mid-east/status", Map.of("status", "Up"));
        assertThat(up.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(up.getBody().get("resolvedIssues").toString()).contains(issueId.toString());
        assertThat(given.state(issueId)).isEqualTo("Resolved");
    }

    /** What a field of the task's form shows (read-only fields show their value, not text). */
    private String fieldValue(String variable) {
        var fields = browser.driver().findElements(By.cssSelector("[cam-variable-name=" + variable + "]"));
        if (fields.isEmpty()) {
            return null;
        }
        String value = fields.get(0).getDomProperty("value");
        return value == null || value.isEmpty() ? null : value;
    }
}
