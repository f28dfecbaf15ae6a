package io.midwatch.platform;

import java.util.Map;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Makes sure the administrator, the group {@code mid_admin} and its Tasklist filter exist. Runs at
 * every start, so a changed {@code MIDWATCH_ADMIN_PASSWORD} takes effect on the next start.
 */
@Component
@Order(0)
public class AdminAccount implements ApplicationRunner {

    public static final String MID_ADMIN_GROUP = "mid_admin";
    public static final String CAMUNDA_ADMIN_GROUP = "camunda-admin";
    public static final String MID_ADMIN_FILTER = "MID Server issues";

    private static final Logger log = LoggerFactory.getLogger(AdminAccount.class);

    private final AdminProperties properties;
    private final IdentityService identityService;
    private final FilterService filterService;
    private final TaskService taskService;
    private final String password;

    public AdminAccount(AdminProperties properties, IdentityService identityService, FilterService filterService,
            TaskService taskService, @Value("${spring.datasource.url:}") String jdbcUrl) {
        this.properties = properties;
        this.identityService = identityService;
        this.filterService = filterService;
        this.taskService = taskService;
        this.password = choosePassword(properties, jdbcUrl);
    }

    /** The admin password in force: the configured one, or the built-in one on the embedded database only. */
    static String choosePassword(AdminProperties properties, String jdbcUrl) {
        if (properties.hasPassword()) {
            return properties.password();
        }
        if (isEmbedded(jdbcUrl)) {
            return AdminProperties.EMBEDDED_PASSWORD;
        }
        throw new IllegalStateException("No administrator password is configured for the database " + jdbcUrl
                + ". Set MIDWATCH_ADMIN_PASSWORD (property midwatch.admin.password): MidWatch has a built-in"
                + " password only on its embedded H2 database.");
    }

    public static boolean isEmbedded(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:");
    }

    public boolean usesBuiltInPassword() {
        return !properties.hasPassword();
    }

    public String userId() {
        return properties.user();
    }

    /** The password in force, for the in-process worker only: never logged. */
    public String password() {
        return password;
    }

    @Override
    public void run(ApplicationArguments args) {
        ensureGroup(CAMUNDA_ADMIN_GROUP, "Camunda administrators");
        ensureGroup(MID_ADMIN_GROUP, "MID Server administrators");
        ensureAdmin();
        ensureMidAdminFilter();
    }

    private void ensureGroup(String id, String name) {
        if (identityService.createGroupQuery().groupId(id).count() == 0) {
            Group group = identityService.newGroup(id);
            group.setName(name);
            group.setType("WORKFLOW");
            identityService.saveGroup(group);
            log.info("Created group {}", id);
        }
    }

    private void ensureAdmin() {
        User admin = identityService.createUserQuery().userId(properties.user()).singleResult();
        boolean created = admin == null;
        if (created) {
            admin = identityService.newUser(properties.user());
            admin.setFirstName("MidWatch");
            admin.setLastName("Administrator");
        }
        admin.setPassword(password);
        identityService.saveUser(admin);
        // Camunda locks a user for good after too many wrong passwords, and saving the user keeps that lock:
        // a restart must let the administrator in again, or nobody could unlock anyone
        identityService.unlockUser(properties.user());
        for (String group : new String[] {CAMUNDA_ADMIN_GROUP, MID_ADMIN_GROUP}) {
            if (identityService.createUserQuery().userId(properties.user()).memberOfGroup(group).count() == 0) {
                identityService.createMembership(properties.user(), group);
            }
        }
        log.info("{} administrator '{}'", created ? "Created" : "Updated", properties.user());
    }

    private void ensureMidAdminFilter() {
        if (filterService.createFilterQuery().filterName(MID_ADMIN_FILTER).count() > 0) {
            return;
        }
        TaskQuery query = taskService.createTaskQuery().taskCandidateGroup(MID_ADMIN_GROUP).includeAssignedTasks();
        Filter filter = filterService.newTaskFilter(MID_ADMIN_FILTER)
                .setQuery(query)
                .setProperties(Map.of("description", "Credential checks of MID Servers knocked out by a clone",
                        "priority", -10, "refresh", true));
        filterService.saveFilter(filter);
        log.info("Created Tasklist filter '{}'", MID_ADMIN_FILTER);
    }
}
