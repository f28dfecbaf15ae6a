package io.midwatch.platform;

/** The request collides with the current state of a record (a name taken, a concurrent change): answered 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String detail) {
        super(detail);
    }
}
