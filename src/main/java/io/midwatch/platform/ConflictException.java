package io.midwatch.platform;

import org.springframework.http.HttpStatus;

/** The request collides with the current state of a record (a name taken, a concurrent change): answered 409. */
public class ConflictException extends ApiRefusal {

    public ConflictException(String detail) {
        super(HttpStatus.CONFLICT, detail);
    }
}
