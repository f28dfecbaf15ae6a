package io.midwatch.user;

import java.util.function.BooleanSupplier;

/**
 * What the caller of a MID Server login check puts around a password that was not verified lately: it may
 * refuse the attempt (by throwing) before anything is read or hashed, and bound the hashing itself.
 */
public interface PasswordCheckGate {

    /** Called before the user's row is read for a password that must be hashed; throws to refuse the attempt. */
    void admit();

    /** Runs the BCrypt comparison and answers its result; throws to refuse the attempt instead. */
    boolean hash(BooleanSupplier comparison);

}
