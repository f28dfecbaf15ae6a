package io.midwatch.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.PasswordPolicyResult;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.midwatch.issue.DiagnosisWorkerAccount;
import io.midwatch.platform.KeyedHash;

/**
 * Makes sure MidWatch's groups, the administrator, the Tasklist filter of the operators and the
 * authorizations of every role exist. Runs at every start, before the web server takes requests (so that
 * nobody can claim the empty administrators' group through the webapps' first-user set-up), and so a
 * changed {@code MIDWATCH_ADMIN_PASSWORD} takes effect at the next start.
 */
@Component
public class Accounts implements SmartInitializingSingleton, DiagnosisWorkerAccount {

    public static final String MID_ADMIN_FILTER = "MID Server issues";
    /** The account of the diagnosis worker that runs inside MidWatch. */
    public static final String IN_PROCESS_WORKER = "midwatch-worker";

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);

    private final AdminProperties properties;
    private final AdminPassword adminPassword;
    private final IdentityService identityService;
    private final FilterService filterService;
    private final TaskService taskService;
    private final Authorizations authorizations;

    Accounts(AdminProperties properties, @Value("${spring.datasource.url:}") String jdbcUrl,
             IdentityService identityService, FilterService filterService, TaskService taskService,
             Authorizations authorizations) {
        this.properties = properties;
        this.adminPassword = AdminPassword.choose(properties, jdbcUrl);
        this.identityService = identityService;
        this.filterService = filterService;
        this.taskService = taskService;
        this.authorizations = authorizations;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (Role role : Role.values()) {
            ensureGroup(role);
        }
        ensureAdministrator();
        String filterId = ensureOperatorsFilter();
        authorizations.grantAll(filterId);
    }

    public String administrator() {
        return properties.user();
    }

    /** How the administrator's password came about, for the start-up banner. */
    public AdminPassword adminPassword() {
        return adminPassword;
    }

    /**
     * The account of the in-process diagnosis worker, created or brought up to date. Its password is derived
     * from the administrator's, so that every node of a cluster, sharing one database and one administrator
     * password, gives it the same one, and guessing the administrator's password does not touch it.
     */
    @Override
    public Credentials inProcessWorker() {
        String password = derivePassword(adminPassword.value(), IN_PROCESS_WORKER);
        ensureUser(IN_PROCESS_WORKER, "MidWatch", "Diagnosis worker", password);
        ensureMembership(IN_PROCESS_WORKER, Role.DIAGNOSIS_WORKER.groupId());
        return new Credentials(IN_PROCESS_WORKER, password);
    }

    private void ensureGroup(Role role) {
        if (identityService.createGroupQuery().groupId(role.groupId()).count() == 0) {
            Group group = identityService.newGroup(role.groupId());
            group.setName(role.groupName());
            group.setType(role == Role.ADMINISTRATOR ? "SYSTEM" : "WORKFLOW");
            identityService.saveGroup(group);
            log.info("Created group {}", role.groupId());
        }
    }

    private void ensureAdministrator() {
        requireStrong(identityService, adminPassword.value(), person(properties.user(), "MidWatch", "Administrator"));
        ensureUser(properties.user(), "MidWatch", "Administrator", adminPassword.value());
        ensureMembership(properties.user(), Role.ADMINISTRATOR.groupId());
        ensureMembership(properties.user(), Role.OPERATOR.groupId());
    }

    private User person(String userId, String firstName, String lastName) {
        User user = identityService.newUser(userId);
        user.setFirstName(firstName);
        user.setLastName(lastName);
        return user;
    }

    /** Refuses a password that Camunda's password policy would refuse, saying which rules it fails. */
    static void requireStrong(IdentityService identityService, String password, User user) {
        PasswordPolicyResult result = identityService.checkPasswordAgainstPolicy(password, user);
        if (!result.isValid()) {
            String rules = result.getViolatedRules().stream()
                    .map(rule -> rule.getPlaceholder().replace("PASSWORD_POLICY_", "").toLowerCase().replace('_', ' ')
                            + (rule.getParameters() == null ? "" : " " + rule.getParameters().values()))
                    .collect(Collectors.joining(", "));
            throw new IllegalStateException("The administrator password (MIDWATCH_ADMIN_PASSWORD) does not meet "
                    + "Camunda's password policy: it needs at least 10 characters with a lower-case letter, an "
                    + "upper-case letter, a digit and a special character, and must not contain the user's id or name. "
                    + "Failed rules: " + rules);
        }
    }

    private void ensureUser(String userId, String firstName, String lastName, String password) {
        User user = identityService.createUserQuery().userId(userId).singleResult();
        if (user == null) {
            user = person(userId, firstName, lastName);
            user.setPassword(password);
            identityService.saveUser(user);
            log.info("Created user '{}'", userId);
        } else if (!identityService.checkPassword(userId, password)) {
            user.setPassword(password);
            identityService.saveUser(user);
            log.info("Set the configured password of user '{}'", userId);
        }
        // failed logins from before this start no longer hold the account back
        identityService.unlockUser(userId);
    }

    private void ensureMembership(String userId, String groupId) {
        if (identityService.createUserQuery().userId(userId).memberOfGroup(groupId).count() == 0) {
            identityService.createMembership(userId, groupId);
            log.info("Added user '{}' to group {}", userId, groupId);
        }
    }

    private String ensureOperatorsFilter() {
        Filter existing = filterService.createFilterQuery().filterName(MID_ADMIN_FILTER).singleResult();
        if (existing != null) {
            return existing.getId();
        }
        TaskQuery query = taskService.createTaskQuery().taskCandidateGroup(Role.OPERATOR.groupId())
                .includeAssignedTasks();
        Filter filter = filterService.newTaskFilter(MID_ADMIN_FILTER)
                .setQuery(query)
                .setProperties(Map.of("description", "Credential checks of MID Servers knocked out by a clone",
                        "priority", -10, "refresh", true));
        filterService.saveFilter(filter);
        log.info("Created Tasklist filter '{}'", MID_ADMIN_FILTER);
        return filter.getId();
    }

    /** A password that meets Camunda's policy, derived from a secret by HMAC-SHA256. */
    static String derivePassword(String secret, String purpose) {
        byte[] digest = KeyedHash.withKey(secret.getBytes(StandardCharsets.UTF_8))
                .of(purpose.getBytes(StandardCharsets.UTF_8));
        // the prefix gives the policy's upper-case letter, lower-case letter, digit and special character
        return "Mw1-" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
