package io.midwatch.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What each role may send to the engine's REST APIs beyond Camunda's authorizations: operators read, work
 * their tasks and retry; the worker works its external tasks; nobody but administrators changes instances.
 */
class EngineApiGuardTest {

    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @CsvSource({
            // operators: reads, queries, task work, retries
            "mid_admin, GET,    /process-instance/42,                 true",
            "mid_admin, POST,   /task,                                true",
            "mid_admin, POST,   /history/process-instance/count,      true",
            "mid_admin, POST,   /filter/7/list,                       true",
            "mid_admin, POST,   /task/9/claim,                        true",
            "mid_admin, POST,   /task/9/submit-form,                  true",
            "mid_admin, PUT,    /job/3/retries,                       true",
            "mid_admin, PUT,    /external-task/5/retries,             true",
            // operators: no change of an instance, no external task work, no correlation
            "mid_admin, POST,   /process-instance/42/modification,    false",
            "mid_admin, PUT,    /process-instance/42/variables/x,     false",
            "mid_admin, DELETE, /process-instance/42,                 false",
            "mid_admin, POST,   /message,                             false",
            "mid_admin, POST,   /external-task/fetchAndLock,          false",
            "mid_admin, POST,   /external-task/5/complete,            false",
            "mid_admin, PUT,    /job/3/duedate,                       false",
            "mid_admin, POST,   /deployment/create,                   false",
            // the worker: its external tasks only, not even reads
            "mid_worker, POST,  /external-task/fetchAndLock,          true",
            "mid_worker, POST,  /external-task/5/complete,            true",
            "mid_worker, POST,  /external-task/5/failure,             true",
            "mid_worker, POST,  /external-task/5/extendLock,          true",
            "mid_worker, GET,   /process-instance,                    false",
            "mid_worker, PUT,   /external-task/5/retries,             false",
            // anybody else: reads only, which Camunda's authorizations then narrow to nothing
            "mid_integration, GET,  /task,                            true",
            "mid_integration, POST, /task/9/claim,                    false",
            // administrators: everything
            "camunda-admin, POST,   /process-instance/42/modification, true",
            "camunda-admin, DELETE, /deployment/1,                     true"})
    void eachRoleMaySendTheEngineWhatItsWorkNeedsAndNothingElse(String group, String method, String call,
                                                                  boolean allowed) {
        // Given a caller in one group

        // When it sends a call to the engine's REST API
        // Then the call goes on to Camunda's authorizations if its work needs it, and is refused if not
        assertThat(EngineApiGuard.isAllowed(List.of(group), method, call)).isEqualTo(allowed);
    }
}
