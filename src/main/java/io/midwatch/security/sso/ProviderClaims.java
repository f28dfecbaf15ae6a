package io.midwatch.security.sso;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Reads a user's groups and name from the claims a provider sends, whichever shape it gives them. */
final class ProviderClaims {

    private ProviderClaims() {
    }

    /** The groups in the claim: a list of names, or one string of names separated by commas or whitespace. */
    static List<String> groups(Map<String, Object> claims, String claim) {
        Object value = find(claims, claim);
        if (value instanceof Collection<?> names) {
            return names.stream().filter(name -> name instanceof String).map(name -> ((String) name).trim())
                    .filter(name -> !name.isEmpty()).toList();
        }
        if (value instanceof String names) {
            return Arrays.stream(names.split("[,\\s]+")).filter(name -> !name.isEmpty()).toList();
        }
        return List.of();
    }

    /** A claim that holds a string, or null. */
    static String string(Map<String, Object> claims, String claim) {
        return find(claims, claim) instanceof String value ? value : null;
    }

    /** The claim by its name, else by a dotted path through nested claims (Keycloak's realm_access.roles). */
    private static Object find(Map<String, Object> claims, String claim) {
        if (claims.containsKey(claim)) {
            return claims.get(claim);
        }
        Object current = claims;
        for (String part : claim.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }
}
