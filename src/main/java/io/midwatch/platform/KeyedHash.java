package io.midwatch.platform;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 under one key: for remembering secrets without keeping them, and for deriving one from another. */
public final class KeyedHash {

    private final SecretKeySpec key;

    private KeyedHash(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** Under a random key made now and never stored: what it hashes cannot be recomputed outside this JVM. */
    public static KeyedHash withRandomKey() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new KeyedHash(secret);
    }

    /** Under a given key, so that every holder of it computes the same hashes. */
    public static KeyedHash withKey(byte[] key) {
        return new KeyedHash(key);
    }

    public byte[] of(byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
