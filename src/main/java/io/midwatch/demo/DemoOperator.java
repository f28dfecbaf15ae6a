package io.midwatch.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.midwatch.platform.OwnerOnlyFile;
import io.midwatch.security.AdminPassword;
import io.midwatch.security.Role;

/**
 * The demo's operator, {@code operator} in the group {@code mid_admin}, so that a newcomer sees Tasklist and
 * Cockpit as an operator sees them. Its password is generated, kept in the demo's folder for its owner only,
 * and printed at start.
 */
@Component
@Profile("demo")
class DemoOperator {

    static final String USER = "operator";

    private static final Logger log = LoggerFactory.getLogger(DemoOperator.class);

    private final IdentityService identityService;
    private final DemoProperties properties;

    DemoOperator(IdentityService identityService, DemoProperties properties) {
        this.identityService = identityService;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ensure() {
        String password = AdminPassword.generate();
        User user = identityService.createUserQuery().userId(USER).singleResult();
        if (user == null) {
            user = identityService.newUser(USER);
            user.setFirstName("Demo");
            user.setLastName("Operator");
        }
        user.setPassword(password);
        identityService.saveUser(user);
        if (identityService.createUserQuery().userId(USER).memberOfGroup(Role.OPERATOR.groupId()).count() == 0) {
            identityService.createMembership(USER, Role.OPERATOR.groupId());
        }
        Path file = properties.directory().resolve(USER + ".password");
        try {
            OwnerOnlyFile.replace(file, password);
        } catch (IOException e) {
            throw new UncheckedIOException("Demo: cannot write " + file, e);
        }
        log.info("Demo: an operator (group {}) may log in to Tasklist and Cockpit as user '{}' with the password {}"
                + " (also in {})", Role.OPERATOR.groupId(), USER, password, file);
    }
}
