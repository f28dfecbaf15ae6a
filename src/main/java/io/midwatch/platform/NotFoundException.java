package io.midwatch.platform;

import org.springframework.http.HttpStatus;

/** A record the request names does not exist: answered 404. */
public class NotFoundException extends ApiRefusal {

    public NotFoundException(String detail) {
        super(HttpStatus.NOT_FOUND, detail);
    }
}
