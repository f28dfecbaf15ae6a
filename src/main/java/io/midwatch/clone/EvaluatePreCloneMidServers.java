package io.midwatch.clone;

import java.time.Clock;
import java.time.Duration;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.midwatch.metrics.MidWatchMetrics;
import io.midwatch.platform.TableStatistics;

/** Service task of both passes of the clone check: evaluates the pre-clone MID Servers and records the pass. */
@Component("evaluatePreCloneMidServers")
class EvaluatePreCloneMidServers implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(EvaluatePreCloneMidServers.class);

    private final CloneRepository clones;
    private final CloneEvaluation evaluation;
    private final Clock clock;
    private final MidWatchMetrics metrics;
    private final TableStatistics tableStatistics;

    EvaluatePreCloneMidServers(CloneRepository clones, CloneEvaluation evaluation, Clock clock, MidWatchMetrics metrics,
                               TableStatistics tableStatistics) {
        this.clones = clones;
        this.evaluation = evaluation;
        this.clock = clock;
        this.metrics = metrics;
        this.tableStatistics = tableStatistics;
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
            // than lost. Should the first pass's job run meanwhile, the two take the first pass's chunks in turns,
            // each chunk once; the job that commits second loses the check's process to the other and rolls back.
            log.info("Clone {}: the first pass has not run yet and runs now, before the second", cloneId);
            run(clone, Pass.FIRST);
        }
        run(clone, pass);
    }

    /**
     * The pass commits its chunks as it goes; the pass is marked done with the job, once every chunk has committed.
     * The log gives the pass's totals, earlier runs cut short included; the metrics count this run's work.
     */
    private void run(InstanceClone clone, Pass pass) {
        // measured on the system's clock: the engine's clock, which tests set, may stand still
        long start = System.nanoTime();
        CloneEvaluation.Run run = evaluation.evaluate(clone, pass);
        clones.markPassDone(clone.id(), pass, clock.instant());
        tableStatistics.refreshAfterCommit(run.thisRun().created());
        metrics.passRun(pass.label(), Duration.ofNanos(System.nanoTime() - start), run.thisRun().created(),
                run.thisRun().redetected());
        CloneEvaluation.PassResult result = run.pass();
        log.info("Clone {}: {} pass evaluated {} pre-clone MID Server(s): {} new issue(s), {} re-detection(s)",
                clone.cloneId(), pass.label(), result.evaluated(), result.created(),
                result.redetected());
    }
}
