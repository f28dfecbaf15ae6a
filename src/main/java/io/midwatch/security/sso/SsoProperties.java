package io.midwatch.security.sso;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.midwatch.security.Role;

/**
 * How the users of an OpenID Connect provider become MidWatch users (docs/security.md, "Single sign-on"). The
 * provider itself is configured with Spring Boot's {@code spring.security.oauth2.*} settings.
 *
 * @param groupsClaim   the claim of the ID token, user info or access token that lists the user's groups at the
 *                      provider: a list, or one string of names separated by commas or spaces; a dotted name
 *                      ({@code realm_access.roles}) reads a claim inside another
 * @param userNameClaim the claim whose value is the user's Camunda user id
 * @param groupMapping  a group at the provider to the MidWatch roles (Camunda groups) its members get
 */
@ConfigurationProperties("midwatch.sso")
public record SsoProperties(@DefaultValue("groups") String groupsClaim,
                            @DefaultValue("preferred_username") String userNameClaim,
                            Map<String, List<String>> groupMapping) {

    /** The roles a provider user may get: the diagnosis worker is MidWatch's own program, never a person. */
    static final Set<Role> MAPPABLE = EnumSet.of(Role.ADMINISTRATOR, Role.OPERATOR, Role.INTEGRATION, Role.MONITORING);

    public SsoProperties {
        groupMapping = groupMapping == null ? Map.of() : Map.copyOf(groupMapping);
        groupMapping.forEach((group, roles) -> roles.forEach(role -> {
            if (MAPPABLE.stream().noneMatch(mappable -> mappable.groupId().equals(role.trim()))) {
                throw new IllegalArgumentException("midwatch.sso.group-mapping." + group + " names '" + role
                        + "', which is none of the roles a provider user may get: " + MAPPABLE.stream()
                        .map(Role::groupId).collect(Collectors.joining(", ")));
            }
        }));
    }

    /** The MidWatch roles the provider's groups map to; none when no group is mapped. */
    Set<Role> rolesOf(Collection<String> providerGroups) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String group : providerGroups) {
            for (String mapped : groupMapping.getOrDefault(group, List.of())) {
                MAPPABLE.stream().filter(role -> role.groupId().equals(mapped.trim())).forEach(roles::add);
            }
        }
        return roles;
    }
}
