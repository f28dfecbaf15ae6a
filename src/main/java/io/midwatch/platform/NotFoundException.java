package io.midwatch.platform;

/** A record the request names does not exist: answered 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String detail) {
        super(detail);
    }
}
