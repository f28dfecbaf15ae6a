package io.midwatch.security;

import static org.camunda.bpm.engine.authorization.Permissions.ACCESS;
import static org.camunda.bpm.engine.authorization.Permissions.ALL;
import static org.camunda.bpm.engine.authorization.Permissions.READ;
import static org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions.READ_HISTORY;
import static org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions.READ_INSTANCE;
import static org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions.READ_TASK;
import static org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions.RETRY_JOB;
import static org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions.UPDATE_INSTANCE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.midwatch.clone.CloneCheckProcess;
import io.midwatch.forecast.CloneForecastProcess;
import io.midwatch.heartbeat.HeartbeatCheckProcess;
import io.midwatch.issue.IssueProcess;
import io.midwatch.issue.IssueRetentionProcess;

/**
 * The Camunda authorizations of MidWatch's roles, which the engine REST API, Cockpit, Tasklist and Admin
 * enforce. Created at every start where missing, so that an existing database gets new ones at its next
 * start; each one created is logged. What the engine cannot tell apart (retrying an external task needs
 * the same permission as changing the instance) the {@link EngineApiGuard} narrows down.
 */
@Component
class Authorizations {

    static final List<String> PROCESS_KEYS = List.of(CloneCheckProcess.PROCESS_KEY, IssueProcess.PROCESS_KEY,
            HeartbeatCheckProcess.PROCESS_KEY, IssueRetentionProcess.PROCESS_KEY, CloneForecastProcess.PROCESS_KEY);

    private static final Logger log = LoggerFactory.getLogger(Authorizations.class);

    /** A group's permissions on one resource ({@code *} for all of its kind). */
    record Grant(Role role, Resource resource, String resourceId, List<Permission> permissions) {

        @Override
        public String toString() {
            return role.groupId() + " " + permissions.stream().map(Permission::getName).collect(Collectors.joining(", "))
                    + " on " + resource.resourceName() + " " + resourceId;
        }
    }

    private final AuthorizationService authorizationService;

    Authorizations(AuthorizationService authorizationService) {
        this.authorizationService = authorizationService;
    }

    /** @param operatorsFilterId the Tasklist filter of the operators, which they may read */
    void grantAll(String operatorsFilterId) {
        grants(operatorsFilterId).forEach(this::ensure);
    }

    static List<Grant> grants(String operatorsFilterId) {
        List<Grant> grants = new ArrayList<>();
        for (Resource resource : Resources.values()) {
            grants.add(grant(Role.ADMINISTRATOR, resource, "*", ALL));
        }
        grants.add(grant(Role.OPERATOR, Resources.APPLICATION, "cockpit", ACCESS));
        grants.add(grant(Role.OPERATOR, Resources.APPLICATION, "tasklist", ACCESS));
        for (String key : PROCESS_KEYS) {
            grants.add(grant(Role.OPERATOR, Resources.PROCESS_DEFINITION, key, READ, READ_INSTANCE, READ_HISTORY,
                    READ_TASK, RETRY_JOB));
        }
        // retrying a failed external task needs UPDATE_INSTANCE; EngineApiGuard keeps operators to the retry
        grants.add(grant(Role.OPERATOR, Resources.PROCESS_DEFINITION, IssueProcess.PROCESS_KEY, UPDATE_INSTANCE));
        grants.add(grant(Role.OPERATOR, Resources.DECISION_DEFINITION, CloneCheckProcess.DECISION_KEY, READ,
                Permissions.READ_HISTORY));
        grants.add(grant(Role.OPERATOR, Resources.DECISION_REQUIREMENTS_DEFINITION, "*", READ));
        grants.add(grant(Role.OPERATOR, Resources.DEPLOYMENT, "*", READ));
        grants.add(grant(Role.OPERATOR, Resources.FILTER, operatorsFilterId, READ));
        // fetch-and-lock needs both; EngineApiGuard keeps the worker to its external tasks
        grants.add(grant(Role.DIAGNOSIS_WORKER, Resources.PROCESS_DEFINITION, IssueProcess.PROCESS_KEY, READ_INSTANCE,
                UPDATE_INSTANCE));
        return grants;
    }

    private void ensure(Grant grant) {
        Authorization existing = authorizationService.createAuthorizationQuery()
                .authorizationType(Authorization.AUTH_TYPE_GRANT)
                .groupIdIn(grant.role().groupId())
                .resourceType(grant.resource())
                .resourceId(grant.resourceId())
                .list().stream().findFirst().orElse(null);
        if (existing != null && grant.permissions().stream().allMatch(existing::isPermissionGranted)) {
            return;
        }
        Authorization authorization = existing != null ? existing
                : authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        authorization.setGroupId(grant.role().groupId());
        authorization.setResource(grant.resource());
        authorization.setResourceId(grant.resourceId());
        grant.permissions().forEach(authorization::addPermission);
        authorizationService.saveAuthorization(authorization);
        log.info("Granted {}", grant);
    }

    private static Grant grant(Role role, Resource resource, String resourceId, Permission... permissions) {
        return new Grant(role, resource, resourceId, Arrays.asList(permissions));
    }
}
