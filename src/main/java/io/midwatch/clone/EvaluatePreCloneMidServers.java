package io.midwatch.clone;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import io.midwatch.platform.TableStatistics;

/** Service task of both passes of the clone check: evaluates the pre-clone MID Servers and records the pass. */
@Component("evaluatePreCloneMidServers")
class EvaluatePreCloneMidServers implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(EvaluatePreCloneMidServers.class);

    private final CloneRepository clones;
    private final CloneEvaluation evaluation;
    private final Clock clock;
    private final TableStatistics tableStatistics;
    private final ApplicationEventPublisher events;

    EvaluatePreCloneMidServers(CloneRepository clones, CloneEvaluation evaluation, Clock clock,
                               TableStatistics tableStatistics, ApplicationEventPublisher events) {
        this.clones = clones;
        this.evaluation = evaluation;
        this.clock = clock;
        this.tableStatistics = tableStatistics;
        this.events = events;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String cloneId = CloneCheckProcess.cloneId(execution);
        Pass pass = CloneCheckProcess.pass(execution);
        InstanceClone clone = clones.find(cloneId)
                .orElseThrow(() -> new IllegalStateException("Clone " + cloneId + " has no instance_clone row"));
        List<Pass> passes = List.of(pass);
        if (pass == Pass.SECOND && clone.firstPassDoneAt() == null) {
            // The second pass ends the wait, and with it the first pass's timer. When both were due at once
            // and two nodes took one each, the second can come first: the first pass is made up here rather
            // than lost. Should the first pass's job run meanwhile, the two take the first pass's chunks in turns,
            // each chunk once; the job that commits second loses the check's process to the other and rolls back.
            log.info("Clone {}: the first pass has not run yet and runs now, before the second", cloneId);
            passes = List.of(Pass.FIRST, Pass.SECOND);
        }
        // every chunk first, then the job's own writes: a chunk never waits for a row this job's transaction holds
        List<Evaluated> evaluated = passes.stream().map(each -> evaluate(clone, each)).toList();
        evaluated.forEach(each -> record(clone, each));
        if (pass == Pass.SECOND) {
            events.publishEvent(new CloneChecked(cloneId));
        }
    }

    /** A pass's chunks committed, and how long that took on the system's clock (the engine's may stand still). */
    private record Evaluated(Pass pass, CloneEvaluation.Run run, Duration took) {
    }

    private Evaluated evaluate(InstanceClone clone, Pass pass) {
        long start = System.nanoTime();
        CloneEvaluation.Run run = evaluation.evaluate(clone, pass);
        return new Evaluated(pass, run, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * The pass is marked done with the job, once every chunk has committed. The log gives the pass's totals,
     * earlier runs cut short included; the metrics count this run's work.
     */
    private void record(InstanceClone clone, Evaluated evaluated) {
        Pass pass = evaluated.pass();
        CloneEvaluation.PassResult thisRun = evaluated.run().thisRun();
        clones.markPassDone(clone.id(), pass, clock.instant());
        tableStatistics.refreshAfterCommit(thisRun.created());
        events.publishEvent(new PassCompleted(pass.label(), evaluated.took(), thisRun.created(), thisRun.redetected()));
        CloneEvaluation.PassResult result = evaluated.run().pass();
        log.info("Clone {}: {} pass evaluated {} pre-clone MID Server(s): {} new issue(s), {} re-detection(s)",
                clone.cloneId(), pass.label(), result.evaluated(), result.created(),
                result.redetected());
    }
}
