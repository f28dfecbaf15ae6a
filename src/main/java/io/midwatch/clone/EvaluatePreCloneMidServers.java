package io.midwatch.clone;

import java.time.Clock;
import java.time.Duration;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import io.midwatch.metrics.MidWatchMetrics;

/** Service task of both passes of the clone check: evaluates the pre-clone MID Servers and records the pass. */
@Component("evaluatePreCloneMidServers")
class EvaluatePreCloneMidServers implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(EvaluatePreCloneMidServers.class);

    private final CloneRepository clones;
    private final CloneEvaluation evaluation;
    private final Clock clock;
    private final MidWatchMetrics metrics;
    private final ApplicationEventPublisher events;

    EvaluatePreCloneMidServers(CloneRepository clones, CloneEvaluation evaluation, Clock clock, MidWatchMetrics metrics,
                               ApplicationEventPublisher events) {
        this.clones = clones;
        this.evaluation = evaluation;
        this.clock = clock;
        this.metrics = metrics;
        this.events = events;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String cloneId = CloneCheckProcess.cloneId(execution);
        Pass pass = CloneCheckProcess.pass(execution);
        InstanceClone clone = clones.find(cloneId)
                .orElseThrow(() -> new IllegalStateException("Clone " + cloneId + " has no instance_clone row"));
        if (pass == Pass.SECOND && clone.firstPassDoneAt() == null) {
            // The second pass ends the wait, and with it the first pass's timer. When both were due at once
            // and two nodes took one each, the second can come first: the first pass is made up here rather
            // than lost. Should the first pass commit meanwhile, this transaction is rolled back and retried.
            log.info("Clone {}: the first pass has not run yet and runs now, before the second", cloneId);
            run(clone, Pass.FIRST);
        }
        run(clone, pass);
        if (pass == Pass.SECOND) {
            events.publishEvent(new CloneChecked(cloneId));
        }
    }

    private void run(InstanceClone clone, Pass pass) {
        // measured on the system's clock: the engine's clock, which tests set, may stand still
        long start = System.nanoTime();
        CloneEvaluation.PassResult result = evaluation.evaluate(clone);
        clones.markPassDone(clone.id(), pass, clock.instant());
        metrics.passRun(pass.label(), Duration.ofNanos(System.nanoTime() - start), result.created(),
                result.redetected());
        log.info("Clone {}: {} pass evaluated {} pre-clone MID Server(s): {} new issue(s), {} re-detection(s)",
                clone.cloneId(), pass.label(), result.evaluated(), result.created(),
                result.redetected());
    }
}
