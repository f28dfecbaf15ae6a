package io.midwatch.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

import io.midwatch.support.PostgresIntegrationTest;

/** Expressions run with MidWatch's rights: stored filters run none, and models reach only the models' beans. */
class ExpressionHardeningTest extends PostgresIntegrationTest {

    @Autowired
    FilterService filterService;

    private Deployment deployment;

    @AfterEach
    void undeploy() {
        if (deployment != null) {
            repositoryService.deleteDeployment(deployment.getId(), true);
        }
    }

    @Test
    void aTasklistFilterWithAnExpressionIsRefused() {
        long filters = filterService.createFilterQuery().count();

        // When even an administrator saves a filter whose query holds an expression
        var answer = api.post("/engine-rest/filter/create", Map.of("resourceType", "Task", "name", "sneaky",
                "query", Map.of("assigneeExpression", "${accounts.adminPassword().value()}")));

        // Then it is refused and nothing is stored
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().get("detail").asText()).contains("/query/assigneeExpression");
        assertThat(filterService.createFilterQuery().count()).isEqualTo(filters);
    }

    @Test
    void aModelExpressionNamingABeanOutsideTheModelsBeansFailsInsteadOfRunning() {
        // Given a deployed model whose expression names an application bean that no MidWatch model uses
        deployment = deploy(Bpmn.createExecutableProcess("Sneaky").camundaHistoryTimeToLive(1)
                .startEvent()
                .serviceTask("Task_Sneaky").camundaExpression("${jdbcClient.sql('DELETE FROM ecc_agent').update()}")
                .endEvent()
                .done());
        api.post("/api/mid-servers", java.util.Map.of("name", "mid-1", "userName", "mid.user", "status", "Up"));

        // When it runs, Then the expression cannot resolve the bean, and the MID Server is still there
        assertThatThrownBy(() -> runtimeService.startProcessInstanceByKey("Sneaky"))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("jdbcClient");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM ecc_agent").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aModelExpressionNamingAModelBeanStillWorks() {
        // Given a model that calls one of the beans MidWatch's models use
        deployment = deploy(Bpmn.createExecutableProcess("Allowed").camundaHistoryTimeToLive(1)
                .startEvent()
                .serviceTask("Task_Allowed").camundaExpression("${setSilentMidServersDown != null}")
                .camundaResultVariable("found")
                .userTask("Task_Wait")
                .endEvent()
                .done());

        // When it runs, Then the bean resolves
        var instance = runtimeService.startProcessInstanceByKey("Allowed");
        assertThat(runtimeService.getVariable(instance.getId(), "found")).isEqualTo(true);
    }

    private Deployment deploy(BpmnModelInstance model) {
        return repositoryService.createDeployment().addModelInstance("test-model.bpmn", model).deploy();
    }
}
