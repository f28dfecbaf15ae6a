package io.midwatch.support;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.boot.test.web.client.TestRestTemplate;

/** Camunda users for the role tests, each in the groups it is named after; created once, kept for the run. */
public final class TestAccounts {

    /** Meets Camunda's password policy and names none of the users. */
    public static final String PASSWORD = "Role-Pa55word";

    public static final String OPERATOR = "operator1";
    public static final String INTEGRATION = "integration1";
    public static final String WORKER = "worker1";
    public static final String MONITOR = "monitor1";
    /** A Camunda user in none of MidWatch's groups. */
    public static final String STRANGER = "stranger1";

    private TestAccounts() {
    }

    /** Makes sure the five role users exist, as an administrator would put them in Camunda's Admin app. */
    public static void ensure(IdentityService identityService) {
        ensure(identityService, OPERATOR, "mid_admin");
        ensure(identityService, INTEGRATION, "mid_integration");
        ensure(identityService, WORKER, "mid_worker");
        ensure(identityService, MONITOR, "mid_monitoring");
        ensure(identityService, STRANGER, null);
    }

    private static void ensure(IdentityService identityService, String userId, String groupId) {
        if (identityService.createUserQuery().userId(userId).count() == 0) {
            User user = identityService.newUser(userId);
            user.setFirstName("Test");
            user.setLastName("Account");
            user.setPassword(PASSWORD);
            identityService.saveUser(user);
            if (groupId != null) {
                identityService.createMembership(userId, groupId);
            }
        }
        identityService.unlockUser(userId);
    }

    public static Api api(TestRestTemplate anonymous, String userId) {
        return new Api(anonymous.withBasicAuth(userId, PASSWORD));
    }
}
