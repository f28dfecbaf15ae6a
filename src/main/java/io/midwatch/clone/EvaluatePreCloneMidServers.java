package io.midwatch.clone;

import java.time.Clock;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Service task of both passes of the clone check: evaluates the pre-clone MID Servers and records the pass. */
@Component("evaluatePreCloneMidServers")
class EvaluatePreCloneMidServers implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(EvaluatePreCloneMidServers.class);

    private final CloneRepository clones;
    private final CloneEvaluation evaluation;
    private final Clock clock;

    EvaluatePreCloneMidServers(CloneRepository clones, CloneEvaluation evaluation, Clock clock) {
        this.clones = clones;
        this.evaluation = evaluation;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String cloneId = (String) execution.getVariable(CloneCheckProcess.VAR_CLONE_ID);
        Pass pass = Pass.of((String) execution.getVariable(CloneCheckProcess.VAR_PASS));
        InstanceClone clone = clones.find(cloneId)
                .orElseThrow(() -> new IllegalStateException("Clone " + cloneId + " has no instance_clone row"));
        CloneEvaluation.Outcome outcome = evaluation.evaluate(clone);
        clones.markPassDone(clone.id(), pass, clock.instant());
        log.info("Clone {}: {} pass evaluated {} pre-clone MID Server(s): {} new issue(s), {} re-detection(s)",
                cloneId, pass.label(), outcome.evaluated(), outcome.created(),
                outcome.redetected());
    }
}
