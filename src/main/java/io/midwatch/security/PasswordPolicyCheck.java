package io.midwatch.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.PasswordPolicyResult;
import org.camunda.bpm.engine.identity.PasswordPolicyRule;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.rest.dto.identity.UserCredentialsDto;
import org.camunda.bpm.engine.rest.dto.identity.UserDto;
import org.camunda.bpm.engine.rest.dto.identity.UserProfileDto;
import org.camunda.bpm.engine.rest.util.EngineUtil;

/**
 * A new user's password, or a user's new password, that fails Camunda's password policy is a client's mistake:
 * the engine answers it with a bare 500 ("Password does not match policy"). Checked here as the engine REST API
 * reads the request (at {@code /engine-rest} and under the webapps at {@code /camunda/api/...}), it is answered
 * 400 with the rules it breaks, in the engine's error shape, and the engine is not called.
 */
public class PasswordPolicyCheck implements ReaderInterceptor {

    /** The engine's name where the path carries one (the webapps' {@code engine/{name}/...}), and the user id. */
    private static final Pattern CREDENTIALS =
            Pattern.compile("(?:^|/)(?:engine/([^/]+)/)?user/([^/]+)/credentials$");
    private static final Pattern ENGINE = Pattern.compile("(?:^|/)engine/([^/]+)/user/");

    @Context
    private UriInfo uri;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object entity = context.proceed();
        if (entity instanceof UserDto user && user.getCredentials() != null && user.getProfile() != null) {
            Matcher engine = ENGINE.matcher(uri.getPath());
            IdentityService identity = identity(engine.find() ? engine.group(1) : null);
            check(identity, user.getCredentials().getPassword(), newUser(user.getProfile()));
        } else if (entity instanceof UserCredentialsDto credentials) {
            Matcher path = CREDENTIALS.matcher(uri.getPath());
            if (path.find()) {
                IdentityService identity = identity(path.group(1));
                // its names, for the rule that a password must not name its user; a caller who may not see
                // them is checked with the id only (the engine checks the names afterwards all the same)
                User existing = identity.createUserQuery().userId(path.group(2)).singleResult();
                check(identity, credentials.getPassword(), existing != null ? existing : new UserEntity(path.group(2)));
            }
        }
        return entity;
    }

    private static IdentityService identity(String engineName) {
        return EngineUtil.lookupProcessEngine(engineName).getIdentityService();
    }

    /** A bare entity: {@link IdentityService#newUser} would check the caller's right to create users. */
    private static User newUser(UserProfileDto profile) {
        UserEntity user = new UserEntity(profile.getId());
        user.setFirstName(profile.getFirstName());
        user.setLastName(profile.getLastName());
        user.setEmail(profile.getEmail());
        return user;
    }

    private static void check(IdentityService identity, String password, User user) {
        if (password == null || identity.getPasswordPolicy() == null) {
            return;
        }
        PasswordPolicyResult result = identity.checkPasswordAgainstPolicy(password, user);
        if (!result.isValid()) {
            throw new WebApplicationException(refusal(result.getViolatedRules()));
        }
    }

    /** The engine's error shape ({@code type}, {@code message}) and the broken rules as its policy names them. */
    private static Response refusal(List<PasswordPolicyRule> violated) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "PasswordPolicyException");
        body.put("message", "The password does not match the password policy: " + String.join(", ",
                violated.stream().map(PasswordPolicyCheck::describe).toList()));
        body.put("violatedRules", violated.stream().map(rule -> Map.of("placeholder", rule.getPlaceholder(),
                "parameters", rule.getParameters() == null ? Map.of() : rule.getParameters())).toList());
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    private static String describe(PasswordPolicyRule rule) {
        return rule.getParameters() == null || rule.getParameters().isEmpty() ? rule.getPlaceholder()
                : rule.getPlaceholder() + " " + rule.getParameters();
    }
}
