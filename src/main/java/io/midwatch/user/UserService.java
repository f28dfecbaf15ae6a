package io.midwatch.user;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.midwatch.platform.ConflictException;
import io.midwatch.platform.NotFoundException;
import io.midwatch.platform.TextRules;

/** Creates, changes and reads the users of the instance; checks their logins. */
@Service
public class UserService {

    /** The role a MID Server's user needs to log in. */
    public static final String MID_SERVER_ROLE = "mid_server";

    private final UserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;
    private final VerifiedPasswords verifiedPasswords;
    /** Compared against when the user is unknown, so that an unknown user costs as much time as a known one. */
    private final String decoyHash;

    UserService(UserRepository users, PasswordEncoder passwordEncoder, Clock clock, VerifiedPasswords verifiedPasswords) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
        this.verifiedPasswords = verifiedPasswords;
        this.decoyHash = passwordEncoder.encode("decoy password for unknown users");
    }

    public record Saved(UserView user, boolean created) {
    }

    @Transactional
    public Saved save(String userName, UserChange change) {
        if (userName == null || userName.isBlank() || userName.length() > 100) {
            throw new IllegalArgumentException("userName must be 1 to 100 characters");
        }
        TextRules.requirePathSegmentName("userName", userName);
        String newHash = change.password() == null ? null : passwordEncoder.encode(change.password());
        var now = clock.instant();
        Optional<SysUser> existing = users.findForUpdate(userName);
        long id;
        if (existing.isPresent()) {
            SysUser user = existing.get();
            id = user.id();
            users.update(id, newHash != null ? newHash : user.passwordHash(),
                    change.active() != null ? change.active() : user.active(),
                    change.lockedOut() != null ? change.lockedOut() : user.lockedOut(), now);
        } else {
            try {
                id = users.insert(userName, newHash,
                        change.active() == null || change.active(),
                        change.lockedOut() != null && change.lockedOut(), now);
            } catch (DuplicateKeyException concurrentCreate) {
                throw new ConflictException("User '" + userName + "' was created concurrently; send the request again");
            }
        }
        if (change.roles() != null) {
            users.replaceRoles(id, Set.copyOf(change.roles()));
        }
        return new Saved(users.find(userName).orElseThrow().view(), existing.isEmpty());
    }

    @Transactional(readOnly = true)
    public UserView get(String userName) {
        return find(userName).orElseThrow(() -> new NotFoundException("No user '" + userName + "'"));
    }

    @Transactional(readOnly = true)
    public Optional<UserView> find(String userName) {
        return users.find(userName).map(SysUser::view);
    }

    /**
     * Checks a MID Server's login as its user would be checked by the instance, outside any transaction.
     * A password BCrypt accepted lately for the same row of the user (same version, same hash) is not
     * hashed again; any other is, against a decoy when the user is unknown or has no password, so that a
     * refusal takes as long whichever part was wrong.
     *
     * @param gate may refuse a password that must be hashed before anything is read or hashed, and bounds the hashing
     * @return empty when the login succeeds, else why it failed
     */
    public Optional<LoginFailure> checkMidServerLogin(String userName, String password, PasswordCheckGate gate) {
        boolean remembered = verifiedPasswords.remembers(userName, password);
        if (!remembered) {
            gate.admit();
        }
        long verificationStart = verifiedPasswords.beforeVerifying();
        Optional<LoginFacts> found = users.loginFacts(userName, MID_SERVER_ROLE);
        String hash = found.map(LoginFacts::passwordHash).orElse(null);
        boolean passwordMatches;
        if (remembered && hash != null && verifiedPasswords.holds(userName, password, found.get().version(), hash)) {
            passwordMatches = true;
        } else {
            if (remembered) {
                gate.admit();
            }
            passwordMatches = gate.hash(() -> passwordEncoder.matches(password, hash != null ? hash : decoyHash));
            if (passwordMatches && hash != null) {
                verifiedPasswords.remember(userName, password, found.get().version(), hash, verificationStart);
            }
        }
        if (found.isEmpty()) {
            return Optional.of(LoginFailure.UNKNOWN_USER);
        }
        LoginFacts user = found.get();
        if (!passwordMatches || hash == null) {
            return Optional.of(LoginFailure.WRONG_PASSWORD);
        }
        if (!user.active()) {
            return Optional.of(LoginFailure.INACTIVE);
        }
        if (user.lockedOut()) {
            return Optional.of(LoginFailure.LOCKED_OUT);
        }
        if (!user.hasRole()) {
            return Optional.of(LoginFailure.MISSING_ROLE);
        }
        return Optional.empty();
    }
}
