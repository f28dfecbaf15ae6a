package io.midwatch.security;

import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.FeatureContext;
import org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable;

/**
 * Adds {@link PasswordPolicyCheck} and {@link UnknownMemberAnswer} to every JAX-RS application on the server
 * side: the engine REST API at {@code /engine-rest} and its copy under the webapps at
 * {@code /camunda/api/engine}, which the Admin webapp uses. Both are Jersey applications built by Camunda's
 * starters; Jersey runs this for each of them (listed in {@code META-INF/services}).
 */
public class EngineRestClientErrors implements ForcedAutoDiscoverable {

    @Override
    public void configure(FeatureContext context) {
        if (context.getConfiguration().getRuntimeType() != RuntimeType.SERVER) {
            return;
        }
        if (!context.getConfiguration().isRegistered(PasswordPolicyCheck.class)) {
            context.register(PasswordPolicyCheck.class);
        }
        if (!context.getConfiguration().isRegistered(UnknownMemberAnswer.class)) {
            context.register(UnknownMemberAnswer.class);
        }
    }
}
