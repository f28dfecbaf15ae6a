package io.midwatch.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.midwatch.support.ModelCoverage;

/**
 * The forecast model ({@code bpmn/clone-forecast.bpmn}) on the in-memory engine, its delegates mocked: the
 * computations, the task, the timers and the two messages that end it.
 */
@Deployment(resources = "models/clone-forecast.bpmn")
class CloneForecastModelTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension extension = ModelCoverage.of("clone-forecast.bpmn");

    ProcessEngine engine;

    static final Instant NOW = Instant.parse("2026-03-10T08:00:00Z");
    static final Instant SCHEDULED = NOW.plus(Duration.ofHours(5));
    static final String CLONE_ID = "9c1f0000clone";

    /** Each computation's local input, in order; the next answer whether anything needs preparing. */
    private final List<String> computations = new CopyOnWriteArrayList<>();
    private final List<String> ended = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile boolean atRisk;

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
        ClockUtil.setCurrentTime(Date.from(NOW));
        Mocks.register("computeCloneForecast", (JavaDelegate) execution -> {
            computations.add(String.valueOf(execution.getVariable("computation")));
            execution.getProcessInstance().setVariables(Map.of(CloneForecastProcess.VAR_NEEDS_PREPARATION, atRisk,
                    CloneForecastProcess.VAR_PREPARATION, "mid-1 (user mid.user): AtRisk"));
        });
        Mocks.register("notifyCloneForecast", (JavaDelegate) execution -> calls.add("notify"));
        Mocks.register("recordForecastPreparation", (TaskListener) task -> calls.add("recorded"));
        Mocks.register("compareCloneForecast", (JavaDelegate) execution -> calls.add("compared"));
        Mocks.register("endCloneForecast", (JavaDelegate) execution ->
                ended.add(String.valueOf(execution.getVariable("state"))));
    }

    @AfterEach
    void tearDown() {
        Mocks.reset();
        ClockUtil.reset();
        BpmnAwareTests.reset();
    }

    @Test
    void aStartedForecastIsComputedFirstInAJobOfItsOwn() {
        // When a forecast starts
        ProcessInstance forecast = start();

        // Then nothing is computed in the starting transaction; the first computation waits as a job
        assertThat(computations).isEmpty();
        assertThat(forecast).isWaitingAt("Task_ComputeForecast");
        execute(job("Task_ComputeForecast", forecast));
        assertThat(computations).containsExactly("first");
    }

    @Test
    void nothingAtRiskWaitsForTheClonesScheduledTimeWithoutATask() {
        // Given a forecast with nothing at risk
        ProcessInstance forecast = start();

        // When it is computed
        execute(job("Task_ComputeForecast", forecast));

        // Then it waits for the scheduled time, with recomputation and the final check on their timers
        assertThat(forecast).isWaitingAt("Gateway_WaitForClone");
        assertThat(engine.getTaskService().createTaskQuery().count()).isZero();
        assertThat(job("Timer_CloneStarts", forecast).getDuedate()).isEqualTo(Date.from(SCHEDULED));
        assertThat(job("Timer_FinalCheck", forecast).getDuedate())
                .isEqualTo(Date.from(SCHEDULED.minus(Duration.ofMinutes(30))));
        assertThat(job("Timer_Recompute", forecast).getDuedate()).isEqualTo(Date.from(NOW.plus(Duration.ofHours(1))));
    }

    @Test
    void aRiskFoundWhileWaitingForTheCloneTellsTheTeamAndAsksMidAdminsToPrepare() {
        // Given a forecast with nothing at risk, waiting for the clone
        ProcessInstance forecast = start();
        execute(job("Task_ComputeForecast", forecast));
        assertThat(engine.getTaskService().createTaskQuery().count()).isZero();

        // When a recomputation finds MID Servers to prepare that the team was not told of
        engine.getRuntimeService().createMessageCorrelation(CloneForecastProcess.MESSAGE_NEW_RISK)
                .processInstanceId(forecast.getId()).correlate();
        execute(job("Task_NotifyTeam", forecast));

        // Then the team is told and mid_admin has the preparation task
        assertThat(calls).containsExactly("notify");
        assertThat(task(forecast)).hasCandidateGroup("mid_admin");
    }

    @Test
    void aMidServerAtRiskNotifiesThenAsksMidAdminsToPrepareAndComputesAgainAfterwards() {
        // Given a forecast with a MID Server at risk
        atRisk = true;
        ProcessInstance forecast = start();
        execute(job("Task_ComputeForecast", forecast));

        // When the notification runs and the task is completed
        execute(job("Task_NotifyTeam", forecast));
        assertThat(task(forecast)).hasName("Prepare MID Server users before clone acmeprod → acmetest at "
                + "2026-03-10 13:00 UTC").hasCandidateGroup("mid_admin")
                .hasDescription("mid-1 (user mid.user): AtRisk");
        complete(task(forecast), Variables.createVariables()
                .putValue(CloneForecastProcess.VAR_PREPARATION_NOTE, "Preserver added"));
        execute(job("Task_ComputeAfterPreparation", forecast));

        // Then the team was told, the preparation recorded, and the forecast computed again
        assertThat(calls).containsExactly("notify", "recorded");
        assertThat(computations).containsExactly("first", "afterPreparation");
        assertThat(forecast).isWaitingAt("Gateway_WaitForClone");
    }

    @Test
    void theRecomputationRepeatsAndTheFinalCheckComesBeforeTheClone() {
        // Given a computed forecast
        ProcessInstance forecast = start();
        execute(job("Task_ComputeForecast", forecast));

        // When the recomputation's timer fires twice and the final check's once
        execute(job("Timer_Recompute", forecast));
        execute(job("Timer_Recompute", forecast));
        execute(job("Timer_FinalCheck", forecast));

        // Then each computed, and the forecast still waits for the clone
        assertThat(computations).containsExactly("first", "recurring", "recurring", "final");
        assertThat(forecast).isWaitingAt("Gateway_WaitForClone");
    }

    @Test
    void aCloneCanceledOnTheInstanceEndsTheForecastAsCanceledWhateverItWasDoing() {
        // Given a forecast whose preparation task is open
        atRisk = true;
        ProcessInstance forecast = start();
        execute(job("Task_ComputeForecast", forecast));
        execute(job("Task_NotifyTeam", forecast));

        // When the clone is reported canceled
        engine.getRuntimeService().createMessageCorrelation(CloneForecastProcess.MESSAGE_CLONE_ENDED)
                .processInstanceBusinessKey(CLONE_ID).correlate();

        // Then the forecast ends as Canceled, its task gone
        assertThat(ended).containsExactly("Canceled");
        assertThat(forecast).isEnded().hasPassed("End_Canceled");
    }

    @Test
    void theClonesCheckedClonePassesStartTheComparisonWhichEndsTheForecast() {
        // Given a forecast waiting past its scheduled time
        ProcessInstance forecast = start();
        execute(job("Task_ComputeForecast", forecast));
        execute(job("Timer_CloneStarts", forecast));
        assertThat(forecast).isWaitingAt("Timer_CheckOverdue");

        // When the clone check's second pass is reported
        engine.getRuntimeService().createMessageCorrelation(CloneForecastProcess.MESSAGE_CLONE_CHECKED)
                .processInstanceBusinessKey(CLONE_ID).correlate();
        execute(job("Task_CompareForecast", forecast));

        // Then the forecast is compared and ends
        assertThat(calls).containsExactly("compared");
        assertThat(forecast).isEnded().hasPassed("End_Compared");
    }

    @Test
    void aCloneNeverCheckedEndsTheForecastTwoDaysAfterItsScheduledTime() {
        // Given a forecast past its scheduled time
        ProcessInstance forecast = start();
        execute(job("Task_ComputeForecast", forecast));
        execute(job("Timer_CloneStarts", forecast));

        // When no clone check came two days later
        assertThat(job("Timer_CheckOverdue", forecast).getDuedate())
                .isEqualTo(Date.from(SCHEDULED.plus(Duration.ofDays(2))));
        execute(job("Timer_CheckOverdue", forecast));

        // Then the forecast ends without a comparison
        assertThat(ended).containsExactly("Ended");
        assertThat(forecast).isEnded().hasPassed("End_NoCloneCheck");
    }

    private ProcessInstance start() {
        return engine.getRuntimeService().startProcessInstanceByKey(CloneForecastProcess.PROCESS_KEY, CLONE_ID,
                Variables.createVariables()
                        .putValue(CloneForecastProcess.VAR_CLONE_ID, CLONE_ID)
                        .putValue(CloneForecastProcess.VAR_SOURCE, "acmeprod")
                        .putValue(CloneForecastProcess.VAR_TARGET, "acmetest")
                        .putValue(CloneForecastProcess.VAR_SCHEDULED_AT, Date.from(SCHEDULED))
                        .putValue(CloneForecastProcess.VAR_SCHEDULED_AT_TEXT, "2026-03-10 13:00 UTC")
                        .putValue(CloneForecastProcess.VAR_FINAL_CHECK_AT,
                                Date.from(SCHEDULED.minus(Duration.ofMinutes(30))))
                        .putValue(CloneForecastProcess.VAR_CHECK_OVERDUE_AT,
                                Date.from(SCHEDULED.plus(Duration.ofDays(2))))
                        .putValue(CloneForecastProcess.VAR_RECOMPUTE_CYCLE, "R/PT1H")
                        .putValue(CloneForecastProcess.VAR_NEEDS_PREPARATION, false));
    }
}
