package io.midwatch.security.sso;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.midwatch.security.Role;

/**
 * Turns a provider's user into a Camunda user: its user id from the name claim, its MidWatch roles from the
 * mapped groups. The user and its memberships of MidWatch's groups are written to Camunda's identity tables,
 * so that Tasklist, Cockpit and the Admin app know it; the user is marked with the provider and its subject
 * there. A name that belongs to a user MidWatch did not create so (the administrator, the worker, an
 * integration) or to another provider user is refused, never merged: otherwise whoever may pick a user name at
 * the provider could become the administrator.
 */
@Component
public class SsoSignIn {

    /** Camunda user info key of the provider user a Camunda user was created for: {@code <issuer> <subject>}. */
    static final String SUBJECT_KEY = "midwatch.sso.subject";

    /** Camunda's whitelist of user ids in MidWatch (application.yml), and its column's length. */
    private static final Pattern USER_ID = Pattern.compile("[a-zA-Z0-9_.@-]{1,64}");

    /** Bearer tokens come with every call: the identity tables are written at most this often per user. */
    private static final Duration WRITTEN_FOR = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(SsoSignIn.class);

    /** A signed-in user and its Camunda groups, or why it was refused. */
    public record Outcome(String userId, List<String> groupIds, String refusal) {

        public boolean refused() {
            return refusal != null;
        }

        static Outcome refusedBecause(String userId, String refusal) {
            return new Outcome(userId, List.of(), refusal);
        }
    }

    private record Identity(String userId, String subject, Set<Role> roles, String firstName, String lastName,
                            String email) {
    }

    private final IdentityService identityService;
    private final SsoProperties properties;
    private final Cache<Identity, Outcome> written = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(WRITTEN_FOR).build();

    SsoSignIn(IdentityService identityService, SsoProperties properties) {
        this.identityService = identityService;
        this.properties = properties;
    }

    /** Signs in the provider user that these claims (of an ID token, user info or access token) describe. */
    public Outcome signIn(Map<String, Object> claims, String issuer) {
        String userId = ProviderClaims.string(claims, properties.userNameClaim());
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            return refused(Outcome.refusedBecause(null, "The provider's user has no usable user name in the claim '"
                    + properties.userNameClaim() + "' (letters, digits, '_', '.', '@', '-'; at most 64)"));
        }
        Set<Role> roles = properties.rolesOf(ProviderClaims.groups(claims, properties.groupsClaim()));
        if (roles.isEmpty()) {
            return refused(Outcome.refusedBecause(userId, "The provider's user '" + userId
                    + "' is in none of the groups MidWatch maps to a role (midwatch.sso.group-mapping)"));
        }
        var identity = new Identity(userId, issuer + " " + ProviderClaims.string(claims, "sub"), roles,
                ProviderClaims.string(claims, "given_name"), ProviderClaims.string(claims, "family_name"),
                ProviderClaims.string(claims, "email"));
        Outcome outcome = written.getIfPresent(identity);
        if (outcome == null) {
            outcome = write(identity);
            if (!outcome.refused()) {
                written.put(identity, outcome);
            }
        }
        return outcome.refused() ? refused(outcome) : outcome;
    }

    private Outcome write(Identity identity) {
        try {
            return writeOnce(identity);
        } catch (ProcessEngineException concurrentFirstLogin) {
            // two first calls of one user at once: the other created the user or a membership; read it again
            return writeOnce(identity);
        }
    }

    private Outcome writeOnce(Identity identity) {
        User user = identityService.createUserQuery().userId(identity.userId()).singleResult();
        if (user == null) {
            user = identityService.newUser(identity.userId());
            profile(user, identity);
            identityService.saveUser(user);
            identityService.setUserInfo(identity.userId(), SUBJECT_KEY, identity.subject());
            log.info("Created user '{}' for its first login through the identity provider", identity.userId());
        } else {
            String subject = identityService.getUserInfo(identity.userId(), SUBJECT_KEY);
            if (subject == null) {
                return Outcome.refusedBecause(identity.userId(), "The provider's user '" + identity.userId()
                        + "' has the name of a local MidWatch account, which provider users cannot log in as");
            }
            if (!subject.equals(identity.subject())) {
                return Outcome.refusedBecause(identity.userId(), "The provider's user '" + identity.userId()
                        + "' is not the provider user that MidWatch's user of this name was created for");
            }
            if (!Objects.equals(user.getFirstName(), identity.firstName())
                    || !Objects.equals(user.getLastName(), identity.lastName())
                    || !Objects.equals(user.getEmail(), identity.email())) {
                profile(user, identity);
                identityService.saveUser(user);
            }
        }
        Set<String> groups = identityService.createGroupQuery().groupMember(identity.userId()).list().stream()
                .map(Group::getId).collect(Collectors.toSet());
        for (Role role : Role.values()) {
            boolean member = groups.contains(role.groupId());
            if (identity.roles().contains(role) && !member) {
                identityService.createMembership(identity.userId(), role.groupId());
                log.info("Added user '{}' to group {} (mapped from its groups at the provider)", identity.userId(),
                        role.groupId());
            } else if (!identity.roles().contains(role) && member) {
                identityService.deleteMembership(identity.userId(), role.groupId());
                log.info("Removed user '{}' from group {} (no longer mapped from its groups at the provider)",
                        identity.userId(), role.groupId());
            }
        }
        return new Outcome(identity.userId(), identity.roles().stream().map(Role::groupId).sorted().toList(), null);
    }

    private static void profile(User user, Identity identity) {
        user.setFirstName(identity.firstName());
        user.setLastName(identity.lastName());
        user.setEmail(identity.email());
    }

    private static Outcome refused(Outcome outcome) {
        log.warn("Refused a login through the identity provider: {}", outcome.refusal());
        return outcome;
    }
}
