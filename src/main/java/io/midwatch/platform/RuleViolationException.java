package io.midwatch.platform;

import org.springframework.http.HttpStatus;

/** A well-formed request that breaks one of MidWatch's rules: answered 422. */
public class RuleViolationException extends ApiRefusal {

    public RuleViolationException(String detail) {
        super(HttpStatus.UNPROCESSABLE_ENTITY, detail);
    }
}
