package io.midwatch.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Date;
import java.util.Map;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

import io.midwatch.support.PostgresIntegrationTest;

/**
 * Expressions run with MidWatch's rights: stored filters run none, models reach only the models' beans, and no
 * expression calls methods other than date arithmetic nor reaches a class.
 */
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

    @Test
    void critical_aModelExpressionThatReachesForReflectionFailsAndCreatesNoFile(@TempDir Path dir) {
        // Given a deployed model whose expression creates a file through reflection
        Path file = dir.resolve("created-by-model");
        deployment = deploy(Bpmn.createExecutableProcess("Reflective").camundaHistoryTimeToLive(1)
                .startEvent()
                .serviceTask("Task_Reflective").camundaExpression(QueryExpressionTest.reflectiveExpression(file))
                .endEvent()
                .done());

        // When it runs, Then the method call is refused and the file does not exist
        assertThatThrownBy(() -> runtimeService.startProcessInstanceByKey("Reflective"))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("getClass");
        assertThat(file).doesNotExist();
    }

    @Test
    void critical_aModelExpressionCannotReadTheClassOfAnObject() {
        // Given a deployed model whose expression reads the class of the execution as a property
        deployment = deploy(Bpmn.createExecutableProcess("ClassProperty").camundaHistoryTimeToLive(1)
                .startEvent()
                .serviceTask("Task_ClassProperty").camundaExpression("${execution['class'].name}")
                .camundaResultVariable("className")
                .endEvent()
                .done());

        // When it runs, Then the property is refused
        assertThatThrownBy(() -> runtimeService.startProcessInstanceByKey("ClassProperty"))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("class");
    }

    @Test
    void critical_aReflectiveExpressionInATaskOrQueryThatTheEngineEvaluatesCreatesNoFile(@TempDir Path dir) {
        // Given a file that the expression would create
        Path file = dir.resolve("created-by-query");

        // When a task query with the expression in an or-query reaches the engine, past every door's guard
        // Then the engine's evaluation refuses the method call and the file does not exist
        assertThatThrownBy(() -> taskService.createTaskQuery()
                .or().dueAfterExpression(QueryExpressionTest.reflectiveExpression(file)).endOr().list())
                .isInstanceOf(ProcessEngineException.class);
        assertThat(file).doesNotExist();
    }

    @Test
    void theQueryFunctionsDateArithmeticAndBeanPropertiesStillWork() {
        // Given a model that reads the time, does date arithmetic and reads a bean's property
        deployment = deploy(Bpmn.createExecutableProcess("Harmless").camundaHistoryTimeToLive(1)
                .startEvent()
                .serviceTask("Task_Now").camundaExpression("${now()}").camundaResultVariable("now")
                .serviceTask("Task_Tomorrow").camundaExpression("${dateTime().plusDays(1).toDate()}")
                .camundaResultVariable("tomorrow")
                .serviceTask("Task_Property").camundaExpression("${notifyWebhooks.configured}")
                .camundaResultVariable("configured")
                .userTask("Task_Wait")
                .endEvent()
                .done());

        // When it runs
        var instance = runtimeService.startProcessInstanceByKey("Harmless");

        // Then each expression has its value
        var variables = runtimeService.getVariables(instance.getId());
        assertThat(variables.get("now")).isInstanceOf(Date.class);
        assertThat((Date) variables.get("tomorrow")).isAfter((Date) variables.get("now"));
        assertThat(variables.get("configured")).isInstanceOf(Boolean.class);
        // and a task query's or-query may still use the query functions when the engine evaluates it
        assertThat(taskService.createTaskQuery().processInstanceId(instance.getId())
                .or().dueBeforeExpression("${dateTime().plusDays(1).toDate()}").endOr().count()).isZero();
    }

    private Deployment deploy(BpmnModelInstance model) {
        return repositoryService.createDeployment().addModelInstance("test-model.bpmn", model).deploy();
    }
}
