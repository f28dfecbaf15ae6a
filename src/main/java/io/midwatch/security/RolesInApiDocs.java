package io.midwatch.security;

import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

import io.swagger.v3.oas.models.Operation;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Each operation of the API's description says which roles may call it, as {@link ApiAccessRules} decides;
 * the heartbeat, which takes the MID Server's own user and no role, is left as it is.
 */
@Configuration(proxyBeanMethods = false)
class RolesInApiDocs {

    @Bean
    OpenApiCustomizer rolesOfEachOperation() {
        return openApi -> openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach(
                (method, operation) -> {
                    if (operation.getSecurity() == null) {
                        describeRoles(operation, ApiAccessRules.rolesFor(HttpMethod.valueOf(method.name()),
                                // a path variable stands for any one segment, as the rules' * does
                                path.replaceAll("\\{[^}/]+}", "x")));
                    }
                }));
    }

    private static void describeRoles(Operation operation, Set<Role> roles) {
        String names = roles.stream().sorted(Comparator.naturalOrder()).map(Role::groupId)
                .collect(Collectors.joining(", "));
        String line = "Roles (Camunda groups): " + names + ".";
        String description = operation.getDescription();
        if (description == null) {
            operation.setDescription(line);
        } else if (!description.contains(line)) {
            operation.setDescription(description + (description.endsWith(".") ? "" : ".") + "\n\n" + line);
        }
    }
}
