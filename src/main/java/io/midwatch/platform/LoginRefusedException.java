package io.midwatch.platform;

/** A login that was refused: answered 401 with a Basic challenge for the given realm. */
public class LoginRefusedException extends RuntimeException {

    private final String realm;

    public LoginRefusedException(String realm, String detail) {
        super(detail);
        this.realm = realm;
    }

    public String realm() {
        return realm;
    }
}
