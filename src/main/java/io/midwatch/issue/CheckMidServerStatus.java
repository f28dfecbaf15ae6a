package io.midwatch.issue;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.midwatch.midserver.MidServerRepository;
import io.midwatch.midserver.MidServerStatus;

/** After the credentials were fixed: is the MID Server Up already? Then there is nothing to wait for. */
@Component("checkMidServerStatus")
class CheckMidServerStatus implements JavaDelegate {

    private final MidServerRepository midServers;

    CheckMidServerStatus(MidServerRepository midServers) {
        this.midServers = midServers;
    }

    @Override
    public void execute(DelegateExecution execution) {
        boolean up = midServers.find(IssueProcess.instance(execution), IssueProcess.midServerName(execution))
                .map(server -> MidServerStatus.UP.equals(server.status())).orElse(false);
        execution.setVariable(IssueProcess.VAR_MID_SERVER_UP, up);
    }
}
