package io.midwatch.servicenow;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.midwatch.platform.TextRules;
import io.midwatch.servicenow.InstancePoller.InstanceUser;

/**
 * Reads the users of one instance for the credential diagnosis (R11) in bulk: a pass that opens hundreds of
 * issues would otherwise send two requests per diagnosis at once, and a rate limit rule of the instance
 * would refuse most of them. The first diagnosis whose user is not at hand reads, besides its own, the users
 * of every issue of the instance that still awaits its diagnosis: {@code sys_user} with
 * {@code user_nameIN...} and {@code sys_user_has_role} with {@code user.user_nameIN...}, 100 names a
 * request, every page. Each user read is kept for as many diagnoses as awaited it, and for at most
 * {@link #KEPT}: a diagnosis sees its user as the instance had it moments before, never an old copy.
 */
final class InstanceUserReader {

    /** How long a user read ahead waits for its diagnosis. */
    static final Duration KEPT = Duration.ofMinutes(2);

    private static final Logger log = LoggerFactory.getLogger(InstanceUserReader.class);

    /** A user as read (null: the instance has none of that name), for how many diagnoses more. */
    private record Read(InstanceUser user, int uses) {
    }

    private final String instance;
    private final int pageSize;
    /**
     * By user name in lower case (the instance matches user names without regard to case), each for
     * {@link #KEPT} from its read, however often its uses are counted down; on the engine's clock.
     */
    private final Cache<String, Read> read;

    InstanceUserReader(String instance, int pageSize, Clock clock) {
        this.instance = instance;
        this.pageSize = pageSize;
        this.read = Caffeine.newBuilder().expireAfter(Expiry.creating((String name, Read user) -> KEPT))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
    }

    /**
     * The user, or null when the instance has none of that name.
     *
     * @param awaiting the user names of the issues awaiting a diagnosis on this instance, with their numbers
     */
    synchronized InstanceUser user(TableApiClient client, String userName, Supplier<Map<String, Integer>> awaiting)
            throws TableApiException, InterruptedException {
        if (read.getIfPresent(key(userName)) == null) {
            Map<String, Integer> toRead = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            awaiting.get().forEach((name, issues) -> {
                if (read.getIfPresent(key(name)) == null) {
                    toRead.merge(name, issues, Integer::sum);
                }
            });
            toRead.merge(userName, 1, Math::max);
            readAhead(client, userName, toRead);
        }
        return take(key(userName));
    }

    /**
     * Reads the asked user's requests first; the others' after, while the instance answers: a failure there
     * is left to the diagnosis that asks for them next.
     */
    private void readAhead(TableApiClient client, String asked, Map<String, Integer> uses)
            throws TableApiException, InterruptedException {
        List<List<String>> requests = requests(asked, uses.keySet());
        readUsers(client, requests.get(0), uses);
        for (List<String> names : requests.subList(1, requests.size())) {
            try {
                readUsers(client, names, uses);
            } catch (TableApiException e) {
                log.debug("Instance {}: users read ahead for the diagnosis stop at {} names: {}", instance,
                        names.size(), e.getMessage());
                return;
            }
        }
    }

    /** The names, the asked one in the first request. */
    private static List<List<String>> requests(String asked, Iterable<String> names) {
        var ordered = new ArrayList<>(List.of(asked));
        names.forEach(name -> {
            if (!name.equalsIgnoreCase(asked)) {
                ordered.add(name);
            }
        });
        return NameConditions.requests(ordered);
    }

    private void readUsers(TableApiClient client, List<String> names, Map<String, Integer> uses)
            throws TableApiException, InterruptedException {
        // ordered by sys_id, so that paging by offset sees every record once
        List<JsonNode> users = client.readAll("sys_user", NameConditions.condition("user_name", names) + "^ORDERBYsys_id",
                InstancePoller.USER_FIELDS, pageSize);
        List<JsonNode> grants = client.readAll("sys_user_has_role",
                NameConditions.condition("user.user_name", names) + "^state=active^ORDERBYsys_id",
                List.of("user.user_name", "role.name"), pageSize);
        Map<String, List<String>> roles = new HashMap<>();
        for (JsonNode grant : grants) {
            String user = InstancePoller.text(grant, "user.user_name");
            String role = TextRules.withoutControlCharacters(InstancePoller.text(grant, "role.name"));
            if (user != null && role != null) {
                List<String> of = roles.computeIfAbsent(key(user), any -> new ArrayList<>());
                if (!of.contains(role)) {
                    of.add(role);
                }
            }
        }
        Map<String, InstanceUser> found = new HashMap<>();
        for (JsonNode user : users) {
            String name = InstancePoller.text(user, "user_name");
            if (name != null) {
                found.putIfAbsent(key(name), InstancePoller.instanceUser(instance, user,
                        roles.getOrDefault(key(name), List.of())));
            }
        }
        for (String name : names) {
            read.put(key(name), new Read(found.get(key(name)), uses.getOrDefault(name, 1)));
        }
    }

    private InstanceUser take(String key) {
        Read user = read.getIfPresent(key);
        if (user == null) {
            return null;
        }
        if (user.uses() <= 1) {
            read.invalidate(key);
        } else {
            read.put(key, new Read(user.user(), user.uses() - 1));
        }
        return user.user();
    }

    private static String key(String userName) {
        return userName.toLowerCase(Locale.ROOT);
    }
}
