package io.midwatch.clone;

import java.util.Map;

import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

import io.midwatch.platform.EngineCommands;

/** Asks the decision table {@code dmn/issue-decision.dmn} what happens to a MID Server's issue (R4, R6). */
@Component
class IssueDecision {

    enum Action { CreateIssue, CountRedetection, Nothing }

    /** The facts the table decides on; several MID Servers with the same facts get the same answer. */
    record Facts(String midServerStatus, boolean existedBeforeClone, String currentIssueState) {
    }

    private final DecisionService decisionService;

    IssueDecision(DecisionService decisionService) {
        this.decisionService = decisionService;
    }

    /**
     * Evaluated in an engine command of its own, in the current transaction: a pass asks from within its job, whose
     * command belongs to the job's transaction, not to the pass's chunk (docs/adr/0009-a-pass-commits-in-chunks.md).
     */
    Action decide(Facts facts) {
        return EngineCommands.inOwnCommand(() -> {
            Map<String, Object> result = decisionService.evaluateDecisionTableByKey(CloneCheckProcess.DECISION_KEY,
                            Variables.createVariables()
                                    .putValue("midServerStatus", facts.midServerStatus())
                                    .putValue("existedBeforeClone", facts.existedBeforeClone())
                                    .putValue("currentIssueState", facts.currentIssueState()))
                    .getSingleResult()
                    .getEntryMap();
            return Action.valueOf((String) result.get("action"));
        });
    }
}
