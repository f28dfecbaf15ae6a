package io.midwatch.clone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Input;
import org.camunda.bpm.model.dmn.instance.InputValues;
import org.camunda.bpm.model.dmn.instance.Output;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision table {@code dmn/issue-decision.dmn} on its own, for every combination of its inputs (the 8
 * documented statuses and one ServiceNow might add x 2 x 4 issue states = 72). Its hit policy is UNIQUE, so a
 * gap or an overlap between its rules would show as no result or as an exception.
 */
@Deployment(resources = "models/issue-decision.dmn")
class IssueDecisionTableTest {

    @RegisterExtension
    static ProcessEngineExtension extension = ProcessEngineExtension.builder()
            .configurationResource("camunda-test.cfg.xml")
            .build();

    ProcessEngine engine;

    static final List<String> MID_SERVER_STATUSES = List.of("Up", "Down", "Upgrading", "Paused", "Upgrade Failed",
            "Draining", "Drained", "Drain Failed", "Hibernating");
    static final List<Boolean> EXISTED_BEFORE_CLONE = List.of(true, false);
    static final List<String> CURRENT_ISSUE_STATES = List.of("None", "New", "Acknowledged", "Resolved");

    static final String CREATE_ISSUE = "CreateIssue";
    static final String COUNT_REDETECTION = "CountRedetection";
    static final String NOTHING = "Nothing";

    /** The expected action, written down from R2, R4 and R6 of docs/spec.md rather than from the table. */
    static String expectedAction(String midServerStatus, boolean existedBeforeClone, String currentIssueState) {
        // R2: a MID Server added after the clone is never evaluated for it
        if (!existedBeforeClone) {
            return NOTHING;
        }
        // R4: only a Down MID Server gets an issue
        if (!"Down".equals(midServerStatus)) {
            return NOTHING;
        }
        // R6: an open issue (New, Acknowledged) is counted again; none or a Resolved one gives a new issue
        return switch (currentIssueState) {
            case "New", "Acknowledged" -> COUNT_REDETECTION;
            case "None", "Resolved" -> CREATE_ISSUE;
            default -> throw new IllegalArgumentException("Unknown issue state " + currentIssueState);
        };
    }

    static Stream<Arguments> everyCombinationOfInputs() {
        List<Arguments> combinations = new ArrayList<>();
        for (String status : MID_SERVER_STATUSES) {
            for (boolean existed : EXISTED_BEFORE_CLONE) {
                for (String issueState : CURRENT_ISSUE_STATES) {
                    combinations.add(Arguments.of(status, existed, issueState,
                            expectedAction(status, existed, issueState)));
                }
            }
        }
        return combinations.stream();
    }

    @ParameterizedTest(name = "[{index}] status={0}, existedBeforeClone={1}, currentIssue={2} -> {3}")
    @MethodSource("everyCombinationOfInputs")
    void R2_R4_R6_everyCombinationOfInputsHasExactlyOneRuleWithTheActionOfTheSpec(
            String midServerStatus, boolean existedBeforeClone, String currentIssueState, String expectedAction) {
        // Given one MID Server as an evaluation pass sees it
        Map<String, Object> inputs = Variables.createVariables()
                .putValue("midServerStatus", midServerStatus)
                .putValue("existedBeforeClone", existedBeforeClone)
                .putValue("currentIssueState", currentIssueState);

        // When the decision is evaluated
        DmnDecisionTableResult result = engine.getDecisionService()
                .evaluateDecisionTableByKey(CloneCheckProcess.DECISION_KEY, inputs);

        // Then exactly one rule matched, and it gives the action of the spec
        assertThat(result).hasSize(1);
        assertThat(result.getSingleResult().getEntryMap()).containsOnlyKeys("action");
        assertThat((String) result.getSingleResult().getEntry("action")).isEqualTo(expectedAction);
    }

    @Test
    void theCombinationsUseExactlyTheInputAndOutputValuesTheTableDeclares() {
        // Given the decision table as deployed
        DecisionDefinition definition = engine.getRepositoryService().createDecisionDefinitionQuery()
                .decisionDefinitionKey(CloneCheckProcess.DECISION_KEY).singleResult();
        DmnModelInstance model = engine.getRepositoryService().getDmnModelInstance(definition.getId());
        DecisionTable table = model.getModelElementById("DecisionTable_IssueAction");

        // When its declared input and output values are read
        Map<String, List<String>> declaredInputValues = new LinkedHashMap<>();
        for (Input input : table.getInputs()) {
            InputValues values = input.getInputValues();
            declaredInputValues.put(input.getInputExpression().getText().getTextContent(),
                    values == null ? List.of() : unquote(values.getText().getTextContent()));
        }
        Output output = table.getOutputs().iterator().next();

        // Then the combinations above are exactly every value of every input, and every action is expected
        assertThat(declaredInputValues).containsOnlyKeys("midServerStatus", "existedBeforeClone", "currentIssueState");
        // the status is open: any status an instance reports, so none is declared
        assertThat(declaredInputValues.get("midServerStatus")).isEmpty();
        assertThat(declaredInputValues.get("currentIssueState")).containsExactlyElementsOf(CURRENT_ISSUE_STATES);
        assertThat(table.getInputs()).filteredOn(input -> "existedBeforeClone".equals(
                        input.getInputExpression().getText().getTextContent()))
                .singleElement().extracting(input -> input.getInputExpression().getTypeRef()).isEqualTo("boolean");
        assertThat(everyCombinationOfInputs()).hasSize(72);
        assertThat(unquote(output.getOutputValues().getText().getTextContent()))
                .containsExactlyInAnyOrderElementsOf(everyCombinationOfInputs()
                        .map(arguments -> (String) arguments.get()[3]).distinct().toList());
    }

    private static List<String> unquote(String commaSeparatedStrings) {
        return Stream.of(commaSeparatedStrings.split(","))
                .map(String::trim)
                .map(value -> value.substring(1, value.length() - 1))
                .toList();
    }
}
