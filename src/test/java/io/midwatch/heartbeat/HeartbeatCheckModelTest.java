package io.midwatch.heartbeat;

import static io.midwatch.heartbeat.HeartbeatCheckModelElements.END_HEARTBEAT_CHECK_DONE;
import static io.midwatch.heartbeat.HeartbeatCheckModelElements.TASK_SET_SILENT_DOWN;
import static io.midwatch.heartbeat.HeartbeatCheckModelElements.TIMER_HEARTBEAT_CHECK;
import static io.midwatch.heartbeat.HeartbeatCheckProcess.PROCESS_KEY;
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
 * The heartbeat check model ({@code bpmn/heartbeat-check.bpmn}) on the in-memory engine, its delegate mocked: a
 * timer start event runs the check that sets silent MID Servers Down every minute (R12).
 */
@Deployment(resources = "models/heartbeat-check.bpmn")
class HeartbeatCheckModelTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension extension = ModelCoverage.of("heartbeat-check.bpmn");

    ProcessEngine engine;

    /** The engine's clock when the model is deployed. */
    static final Instant DEPLOYED_AT = Instant.parse("2026-03-10T08:00:00Z");
    static final Date FIRST_CHECK_AT = Date.from(DEPLOYED_AT.plus(Duration.ofMinutes(1)));

    /** The activity each call of the mocked check ran at. */
    private final List<String> checks = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        ClockUtil.setCurrentTime(Date.from(DEPLOYED_AT));
        Mocks.register("setSilentMidServersDown", (JavaDelegate) execution ->
                checks.add(execution.getCurrentActivityId()));
    }

    @AfterEach
    void tearDown() {
        Mocks.reset();
        ClockUtil.reset();
    }

    @Test
    void R12_theDeployedCheckWaitsAsOneTimerDueAMinuteLater() {
        // Given the model just deployed

        // When nothing has happened yet
        // Then one timer waits, due a minute after the deployment, and no check has run
        assertThat(timer().getDuedate()).hasSameTimeAs(FIRST_CHECK_AT);
        assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(PROCESS_KEY)
                .count()).isZero();
        assertThat(checks).isEmpty();
    }

    @Test
    void R12_whenTheMinuteIsUpSilentMidServersAreSetDownOnceAndTheNextCheckIsDueAMinuteLater() {
        // Given the model deployed and its first minute gone by
        String firstTimerId = timer().getId();
        ClockUtil.setCurrentTime(FIRST_CHECK_AT);

        // When the timer job runs
        engine.getManagementService().executeJob(firstTimerId);

        // Then the check ran once and its run ended
        assertThat(checks).containsExactly(TASK_SET_SILENT_DOWN);
        HistoricProcessInstance run = engine.getHistoryService().createHistoricProcessInstanceQuery()
                .processDefinitionKey(PROCESS_KEY).singleResult();
        assertThat(run.getState()).isEqualTo(HistoricProcessInstance.STATE_COMPLETED);
        assertThat(run.getEndActivityId()).isEqualTo(END_HEARTBEAT_CHECK_DONE);
        // and one timer waits for the next minute
        Job next = timer();
        assertThat(next.getId()).isNotEqualTo(firstTimerId);
        assertThat(next.getDuedate()).hasSameTimeAs(Date.from(FIRST_CHECK_AT.toInstant().plus(Duration.ofMinutes(1))));
    }

    /** The one timer job of the check's start event. */
    private Job timer() {
        List<Job> timers = engine.getManagementService().createJobQuery().activityId(TIMER_HEARTBEAT_CHECK).list();
        assertThat(timers).as("timer jobs of %s", TIMER_HEARTBEAT_CHECK).hasSize(1);
        return timers.get(0);
    }
}
