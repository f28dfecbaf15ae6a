package io.midwatch.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;

/**
 * Adding a user that does not exist to a group (or to a tenant, or a group to a tenant) is a client's mistake:
 * the engine checks the caller's right first, then refuses the unknown id with a {@link NullValueException}
 * that its REST API answers 500. On those paths it is answered 404 in the engine's error shape, naming what is
 * missing; every other {@link NullValueException} is answered as the engine answers it.
 */
public class UnknownMemberAnswer implements ExceptionMapper<NullValueException> {

    private static final Pattern MEMBERSHIP =
            Pattern.compile("(?:^|/)(?:group/[^/]+/members|tenant/[^/]+/(?:user|group)-members)/[^/]+$");

    @Context
    private UriInfo uri;
    @Context
    private Request request;

    @Override
    public Response toResponse(NullValueException exception) {
        if (!HttpMethod.PUT.equals(request.getMethod()) || !MEMBERSHIP.matcher(uri.getPath()).find()) {
            return ExceptionHandlerHelper.getInstance().getResponse(exception);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "InvalidRequestException");
        body.put("message", exception.getMessage());
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
