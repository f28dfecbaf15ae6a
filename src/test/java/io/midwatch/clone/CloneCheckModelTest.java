package io.midwatch.clone;

import static io.midwatch.clone.CloneCheckModelElements.END_CLONE_CHECKED;
import static io.midwatch.clone.CloneCheckModelElements.END_FIRST_PASS_DONE;
import static io.midwatch.clone.CloneCheckModelElements.SUBPROCESS_AWAIT_PASSES;
import static io.midwatch.clone.CloneCheckModelElements.TASK_FIRST_PASS;
import static io.midwatch.clone.CloneCheckModelElements.TASK_SECOND_PASS;
import static io.midwatch.clone.CloneCheckModelElements.TIMER_FIRST_PASS;
import static io.midwatch.clone.CloneCheckModelElements.TIMER_SECOND_PASS;
import static io.midwatch.clone.CloneCheckProcess.PROCESS_KEY;
import static io.midwatch.clone.CloneCheckProcess.VAR_CLONE_ID;
import static io.midwatch.clone.CloneCheckProcess.VAR_FIRST_PASS_AT;
import static io.midwatch.clone.CloneCheckProcess.VAR_PASS;
import static io.midwatch.clone.CloneCheckProcess.VAR_SECOND_PASS_AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
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
 * The clone check model ({@code bpmn/clone-check.bpmn}) on the in-memory engine, its delegate mocked:
 * a timer boundary event on the wait and a timer inside it drive the two evaluation passes of R3.
 */
@Deployment(resources = "models/clone-check.bpmn")
class CloneCheckModelTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension extension = ModelCoverage.of("clone-check.bpmn");

    ProcessEngine engine;

    /** The engine's clock during a test; the passes are due 15 and 75 minutes after a clone completed at NOW. */
    static final Instant NOW = Instant.parse("2025-03-10T08:00:00Z");
    static final Date FIRST_PASS_AT = Date.from(NOW.plus(Duration.ofMinutes(15)));
    static final Date SECOND_PASS_AT = Date.from(NOW.plus(Duration.ofMinutes(75)));
    static final String CLONE_ID = "clone-prod-to-test-1";

    private final RecordingEvaluation evaluation = new RecordingEvaluation();

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
        ClockUtil.setCurrentTime(Date.from(NOW));
        Mocks.register("evaluatePreCloneMidServers", evaluation);
    }

    @AfterEach
    void tearDown() {
        Mocks.reset();
        ClockUtil.reset();
        BpmnAwareTests.reset();
    }

    @Test
    void R3_aStartedCheckWaitsForBothPassesWithTimersDueAtTheirTimes() {
        // Given a clone event with its two pass times

        // When the clone check starts
        ProcessInstance check = startCheck();

        // Then it waits for the passes, with one timer per pass due exactly at that pass's time
        assertThat(check).isStarted().isWaitingAt(SUBPROCESS_AWAIT_PASSES);
        assertThat(engine.getManagementService().createJobQuery().processInstanceId(check.getId()).count())
                .isEqualTo(2);
        assertThat(timer(TIMER_FIRST_PASS, check).getDuedate()).hasSameTimeAs(FIRST_PASS_AT);
        assertThat(timer(TIMER_SECOND_PASS, check).getDuedate()).hasSameTimeAs(SECOND_PASS_AT);
        // and no pass has run yet
        assertThat(evaluation.passes).isEmpty();
    }

    @Test
    void R3_theFirstTimerRunsTheFirstPassAndTheCheckKeepsWaitingForTheSecond() {
        // Given a started clone check
        ProcessInstance check = startCheck();

        // When the first pass is due
        execute(timer(TIMER_FIRST_PASS, check));

        // Then the first pass ran, with pass=first, and its branch ended
        assertThat(evaluation.passes).containsExactly("first");
        assertThat(evaluation.cloneIds).containsExactly(CLONE_ID);
        assertThat(check).hasPassed(TIMER_FIRST_PASS, TASK_FIRST_PASS, END_FIRST_PASS_DONE)
                .hasNotPassed(TASK_SECOND_PASS, END_CLONE_CHECKED);
        // and the check still waits, now with the second timer only
        assertThat(check).isNotEnded().isWaitingAt(SUBPROCESS_AWAIT_PASSES);
        assertThat(engine.getManagementService().createJobQuery().processInstanceId(check.getId()).list())
                .singleElement()
                .satisfies(job -> assertThat(job.getDuedate()).hasSameTimeAs(SECOND_PASS_AT));
        assertThat(timer(TIMER_SECOND_PASS, check)).isNotNull();
    }

    @Test
    void R3_theSecondTimerAfterTheFirstRunsTheSecondPassAndEndsTheCheck() {
        // Given a clone check whose first pass has run
        ProcessInstance check = startCheck();
        execute(timer(TIMER_FIRST_PASS, check));

        // When the second pass is due
        execute(timer(TIMER_SECOND_PASS, check));

        // Then the second pass ran, with pass=second, and the check ended
        assertThat(evaluation.passes).containsExactly("first", "second");
        assertThat(check).hasPassed(TASK_FIRST_PASS, END_FIRST_PASS_DONE, TIMER_SECOND_PASS, TASK_SECOND_PASS,
                END_CLONE_CHECKED).isEnded();
        assertThat(engine.getManagementService().createJobQuery().processInstanceId(check.getId()).count())
                .isZero();
    }

    @Test
    void R3_theSecondTimerBeforeTheFirstInterruptsTheWaitAndRemovesTheFirstTimer() {
        // Given a started clone check whose first pass has not run
        ProcessInstance check = startCheck();

        // When the second timer fires first
        execute(timer(TIMER_SECOND_PASS, check));

        // Then the second timer is interrupting: the wait ends, its first timer is removed with it,
        // the first pass never runs and the check ends after the second pass alone
        assertThat(evaluation.passes).containsExactly("second");
        assertThat(check).hasPassed(TASK_SECOND_PASS, END_CLONE_CHECKED)
                .hasNotPassed(TIMER_FIRST_PASS, TASK_FIRST_PASS, END_FIRST_PASS_DONE)
                .isEnded();
        assertThat(engine.getManagementService().createJobQuery().activityId(TIMER_FIRST_PASS).count()).isZero();
        assertThat(engine.getManagementService().createJobQuery().processInstanceId(check.getId()).count())
                .isZero();
    }

    @Test
    void R3_aFailingPassKeepsItsTimerJobWithOneRetryLessAndRetriesAMinuteLater() {
        // Given a started clone check whose evaluation fails
        ProcessInstance check = startCheck();
        evaluation.failWith(new IllegalStateException("database unavailable"));
        Job firstTimer = timer(TIMER_FIRST_PASS, check);

        // When the first pass is due
        assertThatThrownBy(() -> engine.getManagementService().executeJob(firstTimer.getId()))
                .hasMessageContaining("database unavailable");

        // Then the pass is not lost: the same timer job is still there, with retries taken from
        // R3/PT1M and decremented by one, due again a minute later, with the failure recorded
        Job failed = timer(TIMER_FIRST_PASS, check);
        assertThat(failed.getId()).isEqualTo(firstTimer.getId());
        assertThat(failed.getRetries()).isEqualTo(2);
        assertThat(failed.getDuedate()).hasSameTimeAs(Date.from(NOW.plus(Duration.ofMinutes(1))));
        assertThat(failed.getExceptionMessage()).contains("database unavailable");
        // and nothing of the pass was committed: the check still waits with both timers
        assertThat(check).isWaitingAt(SUBPROCESS_AWAIT_PASSES).hasNotPassed(TASK_FIRST_PASS, END_FIRST_PASS_DONE);
        assertThat(timer(TIMER_SECOND_PASS, check).getDuedate()).hasSameTimeAs(SECOND_PASS_AT);
        assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(check.getId()).count())
                .isZero();
    }

    @Test
    void R3_aPassThatFailedOnceRunsWhenItsTimerIsRetried() {
        // Given a clone check whose first pass failed once
        ProcessInstance check = startCheck();
        evaluation.failWith(new IllegalStateException("database unavailable"));
        String firstTimerId = timer(TIMER_FIRST_PASS, check).getId();
        assertThatThrownBy(() -> engine.getManagementService().executeJob(firstTimerId))
                .hasMessageContaining("database unavailable");

        // When the evaluation works again and the timer job is retried
        evaluation.succeed();
        execute(timer(TIMER_FIRST_PASS, check));

        // Then the first pass ran (once: the failed attempt was rolled back) and the check waits for the second
        assertThat(evaluation.passes).containsExactly("first", "first");
        assertThat(evaluation.completedPasses).containsExactly("first");
        assertThat(check).hasPassed(TASK_FIRST_PASS, END_FIRST_PASS_DONE).isWaitingAt(SUBPROCESS_AWAIT_PASSES);
        assertThat(engine.getManagementService().createJobQuery().activityId(TIMER_FIRST_PASS).count()).isZero();
        assertThat(timer(TIMER_SECOND_PASS, check)).isNotNull();
    }

    private ProcessInstance startCheck() {
        return engine.getRuntimeService().startProcessInstanceByKey(PROCESS_KEY, CLONE_ID,
                Variables.createVariables()
                        .putValue(VAR_CLONE_ID, CLONE_ID)
                        .putValue(VAR_FIRST_PASS_AT, FIRST_PASS_AT)
                        .putValue(VAR_SECOND_PASS_AT, SECOND_PASS_AT));
    }

    /** Two timers wait at once: always pick the one of the given timer event. */
    private static Job timer(String timerActivityId, ProcessInstance check) {
        Job timer = job(timerActivityId, check);
        assertThat(timer).as("timer job of %s", timerActivityId).isNotNull();
        return timer;
    }

    /** Stands in for {@code evaluatePreCloneMidServers}: records the local variable "pass" it is called with. */
    static class RecordingEvaluation implements JavaDelegate {

        /** Every call, failed ones included. */
        final List<String> passes = new CopyOnWriteArrayList<>();
        /** Calls that returned normally. */
        final List<String> completedPasses = new CopyOnWriteArrayList<>();
        final List<String> cloneIds = new CopyOnWriteArrayList<>();
        private volatile RuntimeException failure;

        void failWith(RuntimeException failure) {
            this.failure = failure;
        }

        void succeed() {
            this.failure = null;
        }

        @Override
        public void execute(DelegateExecution execution) {
            passes.add((String) execution.getVariableLocal(VAR_PASS));
            cloneIds.add((String) execution.getVariable(VAR_CLONE_ID));
            if (failure != null) {
                throw failure;
            }
            completedPasses.add((String) execution.getVariableLocal(VAR_PASS));
        }
    }
}
