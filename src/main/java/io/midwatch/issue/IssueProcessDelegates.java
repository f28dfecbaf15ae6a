package io.midwatch.issue;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.midwatch.midserver.MidServerRepository;
import io.midwatch.midserver.MidServerStatus;

/**
 * The steps of the issue process ({@code bpmn/mid-server-issue.bpmn}) that are a line of glue to a repository;
 * the steps with logic of their own are classes beside this one ({@link RecordDiagnosis}, {@link ResolveIssue}).
 */
@Configuration(proxyBeanMethods = false)
class IssueProcessDelegates {

    /** The credentials are correct but the MID Server stays Down: the issue is Acknowledged (R10). */
    @Bean
    JavaDelegate acknowledgeIssue(IssueRepository issues) {
        return execution -> issues.acknowledge(IssueProcess.issueId(execution));
    }

    /** Claiming the verification task marks a New issue Acknowledged (R10); unclaiming changes nothing. */
    @Bean
    TaskListener acknowledgeIssueOnClaim(IssueRepository issues) {
        return task -> {
            if (task.getAssignee() != null) {
                issues.acknowledge(IssueProcess.issueId(task));
            }
        };
    }

    /** After the credentials were fixed: is the MID Server Up already? Then there is nothing to wait for. */
    @Bean
    JavaDelegate checkMidServerStatus(MidServerRepository midServers) {
        return execution -> execution.setVariable(IssueProcess.VAR_MID_SERVER_UP, midServers
                .find(IssueProcess.instance(execution), IssueProcess.midServerName(execution))
                .map(server -> MidServerStatus.UP.equals(server.status())).orElse(false));
    }
}
