package io.midwatch.issue;

import static io.midwatch.issue.IssueRetentionModelElements.END_RETENTION_DONE;
import static io.midwatch.issue.IssueRetentionModelElements.TASK_REMOVE_EXPIRED_FORECASTS;
import static io.midwatch.issue.IssueRetentionModelElements.TASK_REMOVE_EXPIRED_ISSUES;
import static io.midwatch.issue.IssueRetentionModelElements.TIMER_RETENTION_CHECK;
import static io.midwatch.issue.IssueRetentionProcess.PROCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.midwatch.support.ModelCoverage;

/**
 * The retention model ({@code bpmn/issue-retention.bpmn}) on the in-memory engine, its delegates mocked: a timer
 * start event removes the issues and then the clone forecasts past their retention every 15 minutes (R8).
 */
@Deployment(resources = "models/issue-retention.bpmn")
class IssueRetentionModelTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension extension = ModelCoverage.of("issue-retention.bpmn");

    ProcessEngine engine;

    /** The engine's clock when the model is deployed. */
    static final Instant DEPLOYED_AT = Instant.parse("2026-03-10T08:00:00Z");
    static final Date FIRST_RUN_AT = Date.from(DEPLOYED_AT.plus(Duration.ofMinutes(15)));

    /** Every call of a mocked delegate, as "bean@activity", in order. */
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        ClockUtil.setCurrentTime(Date.from(DEPLOYED_AT));
        Mocks.register("removeExpiredIssues", (JavaDelegate) execution ->
                calls.add("removeExpiredIssues@" + execution.getCurrentActivityId()));
        Mocks.register("removeExpiredForecasts", (JavaDelegate) execution ->
                calls.add("removeExpiredForecasts@" + execution.getCurrentActivityId()));
    }

    @AfterEach
    void tearDown() {
        Mocks.reset();
        ClockUtil.reset();
    }

    @Test
    void R8_theDeployedRetentionWaitsAsOneTimerDue15MinutesLater() {
        // Given the model just deployed

        // When nothing has happened yet
        // Then one timer waits, due 15 minutes after the deployment, and nothing was removed
        assertThat(timer().getDuedate()).hasSameTimeAs(FIRST_RUN_AT);
        assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(PROCESS_KEY)
                .count()).isZero();
        assertThat(calls).isEmpty();
    }

    @Test
    void R8_every15MinutesExpiredIssuesAndThenExpiredForecastsAreRemovedOnceAndTheNextRunIsDue() {
        // Given the model deployed and its first 15 minutes gone by
        String firstTimerId = timer().getId();
        ClockUtil.setCurrentTime(FIRST_RUN_AT);

        // When the timer job runs
        engine.getManagementService().executeJob(firstTimerId);

        // Then the expired issues were removed, then the expired forecasts, once each, and the run ended
        assertThat(calls).containsExactly("removeExpiredIssues@" + TASK_REMOVE_EXPIRED_ISSUES,
                "removeExpiredForecasts@" + TASK_REMOVE_EXPIRED_FORECASTS);
        HistoricProcessInstance run = engine.getHistoryService().createHistoricProcessInstanceQuery()
                .processDefinitionKey(PROCESS_KEY).singleResult();
        assertThat(run.getState()).isEqualTo(HistoricProcessInstance.STATE_COMPLETED);
        assertThat(run.getEndActivityId()).isEqualTo(END_RETENTION_DONE);
        // and one timer waits for the next run, 15 minutes later
        Job next = timer();
        assertThat(next.getId()).isNotEqualTo(firstTimerId);
        assertThat(next.getDuedate()).hasSameTimeAs(Date.from(FIRST_RUN_AT.toInstant().plus(Duration.ofMinutes(15))));
    }

    /** The one timer job of the retention's start event. */
    private Job timer() {
        List<Job> timers = engine.getManagementService().createJobQuery().activityId(TIMER_RETENTION_CHECK).list();
        assertThat(timers).as("timer jobs of %s", TIMER_RETENTION_CHECK).hasSize(1);
        return timers.get(0);
    }
}
