package io.midwatch.platform;

/** A well-formed request that breaks one of MidWatch's rules: answered 422. */
public class RuleViolationException extends RuntimeException {

    public RuleViolationException(String detail) {
        super(detail);
    }
}
