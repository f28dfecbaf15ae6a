package io.midwatch.platform;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request MidWatch refuses, answered by Spring as an RFC 9457 problem with this status, the detail and the
 * headers the refusal sets ({@code Retry-After}, {@code WWW-Authenticate}). Its message is the detail alone,
 * as logs and callers of the service layer read it.
 */
public abstract class ApiRefusal extends ErrorResponseException {

    protected ApiRefusal(HttpStatus status, String detail) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
