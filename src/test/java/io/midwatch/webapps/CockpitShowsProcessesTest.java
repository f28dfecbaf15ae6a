package io.midwatch.webapps;

import static io.midwatch.support.TestAccounts.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;

import org.junit.jupiter.api.Test;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.midwatch.clone.CloneCheckProcess;

import io.midwatch.issue.IssueModelElements;
import io.midwatch.issue.IssueProcess;

import io.midwatch.support.TestAccounts;

/**
 * Cockpit in a real browser, as an operator sees it: every MidWatch process with its diagram and its
 * running instances, and the incident a diagnosis leaves when it fails on each of its three tries.
 */
class CockpitShowsProcessesTest extends WebappTest {

    /** The worker tries three times, 10 s apart, before the failure becomes an incident. */
    private static final Duration THREE_TRIES = Duration.ofSeconds(90);

    @Test
    void everyMidWatchProcessIsListedWithItsRunningInstancesAndItsDiagram() throws IOException {
        // Given a clone whose check waits for its second pass, and the issue its first pass logged
        given.healthyUser("mid.east.user");
        given.midServer("mid-east", "mid.east.user", "Down");
        given.cloneAndFirstPass();
        Map<String, List<String>> running = Map.of(
                CloneCheckProcess.PROCESS_KEY, runningInstances(CloneCheckProcess.PROCESS_KEY),
                IssueProcess.PROCESS_KEY, runningInstances(IssueProcess.PROCESS_KEY));
        assertThat(running.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));

        // When the operator logs in to Cockpit
        browser.step("login", () -> browser.logIn(url("/camunda/app/cockpit/"), OPERATOR, TestAccounts.PASSWORD));

        for (BpmnModelInstance model : models()) {
            Process process = model.getModelElementsByType(Process.class).iterator().next();
            List<String> instances = running.getOrDefault(process.getId(), List.of());

            // Then the process list shows each of MidWatch's processes with its count of running instances
            browser.step(process.getId() + "-listed", () -> {
                browser.open(url("/camunda/app/cockpit/default/#/processes"));
                browser.waitUntil(ExpectedConditions.textToBe(processRowCell(process.getName(), "instances"),
                        String.valueOf(instances.size())));
            });

            // and its page draws the whole diagram, and lists its running instances
            browser.step(process.getId() + "-diagram", () -> {
                browser.click(processLink(process.getName()));
                for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
                    browser.waitUntil(ExpectedConditions.presenceOfElementLocated(
                            By.cssSelector("svg g.djs-shape[data-element-id='" + node.getId() + "']")));
                }
            });
            browser.step(process.getId() + "-instances", () -> {
                for (String instance : instances) {
                    browser.visible(By.linkText(instance));
                }
            });
        }
    }

    @Test
    void aDiagnosisThatFailsThreeTimesShowsAsAnIncidentAtTheDiagnosis() {
        // Given a Down MID Server read from a ServiceNow instance that MidWatch does not watch (any more), so
        // that the diagnosis worker cannot read its user there, and the issue a clone's first pass logged
        given.midServer("mid-east", "mid.east.user", "Down");
        jdbc.sql("UPDATE ecc_agent SET instance = 'acme-test', registered = NULL WHERE name = 'mid-east'").update();
        given.cloneAndFirstPass();
        UUID issueId = UUID.fromString(given.onlyIssueOf("mid-east").get("id").asText());
        String instance = runtimeService.createProcessInstanceQuery()
                .processInstanceBusinessKey(issueId.toString()).singleResult().getId();

        // When the worker's diagnosis has failed on each of its three tries
        await().atMost(THREE_TRIES).until(() -> runtimeService.createIncidentQuery().processInstanceId(instance)
                .count() == 1);
        assertThat(historyService.createHistoricExternalTaskLogQuery().processInstanceId(instance).failureLog()
                .count()).isEqualTo(3);

        // Then Cockpit lists the issue's process with an incident
        browser.step("login", () -> browser.logIn(url("/camunda/app/cockpit/"), OPERATOR, TestAccounts.PASSWORD));
        browser.step("listed", () -> {
            browser.open(url("/camunda/app/cockpit/default/#/processes"));
            browser.waitUntil(ExpectedConditions.textToBe(processRowCell("Handle a MID Server issue", "incidents"),
                    "1"));
        });

        // and marks the diagnosis in the diagram with it
        browser.step("diagram", () -> {
            browser.click(processLink("Handle a MID Server issue"));
            browser.waitUntil(ExpectedConditions.textToBe(By.cssSelector(".djs-overlays[data-container-id='"
                    + IssueModelElements.TASK_DIAGNOSE + "'] .instance-incidents"), "1"));
        });

        // and the instance's incidents say what failed, where
        browser.step("incident", () -> {
            browser.click(By.linkText(instance));
            browser.click(By.xpath("//ul[contains(@class,'nav-tabs')]//a[normalize-space(.)='Incidents']"));
            browser.waitForText("Credential diagnosis failed");
            browser.waitForText("Diagnose the MID Server user's credentials");
        });
    }

    private List<String> runningInstances(String processKey) {
        return runtimeService.createProcessInstanceQuery().processDefinitionKey(processKey).list().stream()
                .map(instance -> instance.getId()).toList();
    }

    /** MidWatch's process models, as deployed from bpmn/. */
    private static List<BpmnModelInstance> models() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            List<BpmnModelInstance> models = files.filter(file -> file.toString().endsWith(".bpmn")).sorted()
                    .map(file -> Bpmn.readModelFromFile(file.toFile())).toList();
            assertThat(models).as("models in bpmn/").isNotEmpty();
            return models;
        }
    }

    private static By processLink(String processName) {
        return By.xpath("//tr[td[contains(@class,'name')]]//td[contains(@class,'name')]//a[normalize-space(.)=\""
                + processName + "\"]");
    }

    /** A cell (by its class: instances, incidents) of the process list's row of that process. */
    private static By processRowCell(String processName, String cell) {
        return By.xpath("//tr[td[contains(@class,'name')]//a[normalize-space(.)=\"" + processName + "\"]]"
                + "/td[contains(@class,'" + cell + "')]");
    }
}
