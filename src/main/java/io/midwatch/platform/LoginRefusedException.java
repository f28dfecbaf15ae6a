package io.midwatch.platform;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** A login that was refused: answered 401 with a Basic challenge for the given realm. */
public class LoginRefusedException extends ApiRefusal {

    public LoginRefusedException(String realm, String detail) {
        super(HttpStatus.UNAUTHORIZED, detail);
        getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + realm + "\"");
    }
}
