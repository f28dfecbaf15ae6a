package io.midwatch.forecast;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.midwatch.forecast.InstanceTables.InstanceUnreadable;
import io.midwatch.midserver.MidServer;
import io.midwatch.midserver.MidServerService;
import io.midwatch.platform.TextRules;

/**
 * Computes a clone's forecast: for each MID Server of the target, from its user as the source and the target
 * have it ({@code sys_user}, {@code sys_user_has_role}) and the source's data preservers
 * ({@code clone_data_preserver}, through {@code clone_profile_preservers} when the clone has a profile), the
 * first verdict that applies: Preserved, WillFail, Unchanged, AtRisk. Reads only; nothing is stored here.
 */
@Component
class ForecastComputation {

    static final String MID_SERVER_ROLE = "mid_server";
    static final List<String> USER_FIELDS = List.of("sys_id", "user_name", "active", "locked_out",
            "password_needs_reset", "sys_mod_count", "sys_updated_on");

    /** A data preserver of the source: rows of {@code table} matching {@code condition} stay on the target. */
    record Preserver(String name, String table, String condition) {
    }

    /** The users of the MID Servers as one instance has them, by user name in lower case, with their active roles. */
    private record Users(Map<String, Map<String, String>> records, Map<String, Set<String>> roles) {

        Map<String, String> of(String user) {
            return records.get(key(user));
        }

        Set<String> rolesOf(String user) {
            return roles.getOrDefault(key(user), Set.of());
        }
    }

    /** A reason for a verdict and what to do about it (null when nothing needs doing). */
    record Finding(String reason, String remedy) {
    }

    /** A MID Server's verdict with its findings. */
    record Computed(MidServer midServer, Verdict verdict, List<Finding> findings) {

        MidServerForecast forecast() {
            return new MidServerForecast(midServer.name(), midServer.userName(), verdict,
                    findings.stream().map(Finding::reason).toList(), null);
        }
    }

    private final InstanceTables tables;
    private final MidServerService midServers;

    ForecastComputation(InstanceTables tables, MidServerService midServers) {
        this.tables = tables;
        this.midServers = midServers;
    }

    /** Reads each table for the whole fleet at once, a request per hundred users, not per MID Server. */
    List<Computed> compute(Forecast forecast) throws InstanceUnreadable {
        List<MidServer> servers = midServers.list(forecast.target()).stream()
                .filter(server -> server.removedAt() == null).toList();
        if (servers.isEmpty()) {
            return List.of();
        }
        // a ^ would end the condition and start another: such a name cannot be asked for
        List<String> users = servers.stream().map(server -> server.userName().replace("^", "")).distinct().toList();
        Map<String, List<String>> preserved = preservedBy(forecast, users);
        Users onSource = users(forecast.source(), users);
        Users onTarget = users(forecast.target(), users);
        return servers.stream().map(server -> compute(forecast, server, preserved, onSource, onTarget)).toList();
    }

    private Computed compute(Forecast forecast, MidServer server, Map<String, List<String>> preserved, Users onSource,
            Users onTarget) {
        String source = forecast.source();
        String target = forecast.target();
        String user = server.userName().replace("^", "");
        String quoted = "'" + TextRules.printable(server.userName(), 100) + "'";
        String named = "User " + quoted;

        List<String> keptBy = preserved.getOrDefault(key(user), List.of());
        if (!keptBy.isEmpty()) {
            return new Computed(server, Verdict.Preserved, List.of(new Finding("Data preserver(s) "
                    + String.join(", ", keptBy) + " on " + source + " keep " + "user " + quoted
                    + " and its role grants on " + target + " through the clone.", null)));
        }

        Map<String, String> sourceUser = onSource.of(user);
        Set<String> sourceRoles = onSource.rolesOf(user);
        var failures = new ArrayList<Finding>();
        if (sourceUser == null) {
            failures.add(new Finding(named + " does not exist on the source " + source + ": the clone removes it from "
                    + target + ".", "Create user '" + user + "' on " + source + " with the role mid_server and the "
                    + "password the MID Server uses, or preserve the user and its roles (see below)."));
        } else {
            if (!"true".equalsIgnoreCase(sourceUser.get("active"))) {
                failures.add(new Finding(named + " is inactive on the source " + source + ": the clone makes it "
                        + "inactive on " + target + ".", "Activate user '" + user + "' on " + source + "."));
            }
            if ("true".equalsIgnoreCase(sourceUser.get("locked_out"))) {
                failures.add(new Finding(named + " is locked out on the source " + source + ": the clone locks it "
                        + "out on " + target + ".", "Unlock user '" + user + "' on " + source + "."));
            }
            if ("true".equalsIgnoreCase(sourceUser.get("password_needs_reset"))) {
                failures.add(new Finding(named + " must reset its password on the source " + source + " (password "
                        + "needs reset): after the clone it cannot log in on " + target + ".", "Clear 'Password "
                        + "needs reset' of user '" + user + "' on " + source + "."));
            }
            if (!sourceRoles.contains(MID_SERVER_ROLE)) {
                failures.add(new Finding(named + " lacks the role mid_server on the source " + source + ": the "
                        + "clone takes the role away on " + target + ".", "Give user '" + user + "' the role "
                        + "mid_server on " + source + "."));
            }
        }
        if (!failures.isEmpty()) {
            return new Computed(server, Verdict.WillFail, failures);
        }

        Map<String, String> targetUser = onTarget.of(user);
        if (targetUser != null && sameRecord(sourceUser, targetUser) && sourceRoles.equals(onTarget.rolesOf(user))) {
            return new Computed(server, Verdict.Unchanged, List.of(new Finding(named + " is the same record on "
                    + source + " and " + target + " (same sys_id, update count and last update), left alone on both "
                    + "since the last clone, with the same roles: the clone brings back what " + target
                    + " has.", null)));
        }
        return new Computed(server, Verdict.AtRisk, List.of(new Finding("The clone replaces " + "user " + quoted + " on " + target + " with the source's copy, "
                + (targetUser == null ? "which " + target + " does not have now"
                : "which differs from " + target + "'s (changed on either side since the last clone)")
                + "; its password cannot be read or compared through the Table API.", "Set the password of user '"
                + user + "' on " + source + " to the one the MID Server uses, or preserve the user and its roles "
                + "(see below).")));
    }

    private Users users(String instance, List<String> users) throws InstanceUnreadable {
        Map<String, Map<String, String>> records = new HashMap<>();
        for (Map<String, String> record : tables.readNamed(instance, "sys_user", "", "user_name", users, USER_FIELDS)) {
            records.putIfAbsent(key(record.get("user_name")), record);
        }
        Map<String, Set<String>> roles = new HashMap<>();
        for (Map<String, String> grant : tables.readNamed(instance, "sys_user_has_role", "state=active",
                "user.user_name", users, List.of("user.user_name", "role.name"))) {
            if (grant.get("role.name") != null) {
                roles.computeIfAbsent(key(grant.get("user.user_name")), any -> new HashSet<>()).add(grant.get("role.name"));
            }
        }
        return new Users(records, roles);
    }

    /**
     * By user name in lower case, the names of the preservers keeping the user's record on the target, for the
     * users whose every role grant other preservers keep too.
     */
    private Map<String, List<String>> preservedBy(Forecast forecast, List<String> users) throws InstanceUnreadable {
        List<Preserver> preservers = preservers(forecast);
        String target = forecast.target();
        Map<String, List<String>> userKeptBy = new HashMap<>();
        for (Preserver preserver : preservers) {
            if ("sys_user".equals(preserver.table())) {
                for (Map<String, String> kept : readNamed(target, "sys_user", preserver, "user_name", users,
                        List.of("sys_id", "user_name"))) {
                    addOnce(userKeptBy, kept.get("user_name"), preserver.name());
                }
            }
        }
        List<Preserver> rolePreservers = preservers.stream()
                .filter(preserver -> "sys_user_has_role".equals(preserver.table())).toList();
        if (userKeptBy.isEmpty() || rolePreservers.isEmpty()) {
            return Map.of();
        }
        List<String> candidates = users.stream().filter(user -> userKeptBy.containsKey(key(user))).toList();
        List<String> grantFields = List.of("sys_id", "user.user_name");
        Map<String, Set<String>> grants = grantsByUser(tables.readNamed(target, "sys_user_has_role", "",
                "user.user_name", candidates, grantFields));
        Map<String, Set<String>> keptGrants = new HashMap<>();
        Map<String, List<String>> keptBy = new HashMap<>(userKeptBy);
        for (Preserver preserver : rolePreservers) {
            grantsByUser(readNamed(target, "sys_user_has_role", preserver, "user.user_name", candidates, grantFields))
                    .forEach((user, matched) -> {
                        keptGrants.computeIfAbsent(user, any -> new HashSet<>()).addAll(matched);
                        addOnce(keptBy, user, preserver.name());
                    });
        }
        keptBy.keySet().removeIf(user -> !keptGrants.getOrDefault(user, Set.of())
                .containsAll(grants.getOrDefault(user, Set.of())));
        return keptBy;
    }

    private List<Map<String, String>> readNamed(String instance, String table, Preserver preserver, String nameField,
            List<String> users, List<String> fields) throws InstanceUnreadable {
        return tables.readNamed(instance, table, preserver.condition() == null ? "" : preserver.condition(), nameField,
                users, fields);
    }

    private static Map<String, Set<String>> grantsByUser(List<Map<String, String>> grants) {
        Map<String, Set<String>> byUser = new HashMap<>();
        for (Map<String, String> grant : grants) {
            if (grant.get("sys_id") != null) {
                byUser.computeIfAbsent(key(grant.get("user.user_name")), any -> new HashSet<>()).add(grant.get("sys_id"));
            }
        }
        return byUser;
    }

    private static void addOnce(Map<String, List<String>> names, String user, String name) {
        List<String> of = names.computeIfAbsent(key(user), any -> new ArrayList<>());
        String quoted = "'" + name + "'";
        if (!of.contains(quoted)) {
            of.add(quoted);
        }
    }

    /**
     * The source's active data preservers of {@code sys_user} and {@code sys_user_has_role}: those of the
     * clone's profile where it has one, else all of them, as a clone without a profile applies them all.
     */
    private List<Preserver> preservers(Forecast forecast) throws InstanceUnreadable {
        List<Map<String, String>> all = tables.read(forecast.source(), "clone_data_preserver",
                "active=true^ORDERBYname", List.of("sys_id", "name", "table", "condition"));
        Set<String> ofProfile = null;
        if (forecast.profile() != null) {
            String profile = forecast.profile().replace("^", "");
            ofProfile = tables.read(forecast.source(), "clone_profile_preservers",
                            (forecast.profileIsName() ? "profile.name=" : "profile=") + profile, List.of("preserver"))
                    .stream().map(row -> row.get("preserver")).filter(Objects::nonNull).collect(Collectors.toSet());
        }
        var preservers = new ArrayList<Preserver>();
        for (Map<String, String> row : all) {
            String table = row.get("table");
            if ((ofProfile == null || ofProfile.contains(row.get("sys_id")))
                    && ("sys_user".equals(table) || "sys_user_has_role".equals(table))) {
                preservers.add(new Preserver(TextRules.printable(String.valueOf(row.get("name")), 100), table,
                        row.get("condition")));
            }
        }
        return preservers;
    }

    private static boolean sameRecord(Map<String, String> source, Map<String, String> target) {
        return Objects.equals(source.get("sys_id"), target.get("sys_id"))
                && Objects.equals(source.get("sys_mod_count"), target.get("sys_mod_count"))
                && Objects.equals(source.get("sys_updated_on"), target.get("sys_updated_on"));
    }

    /** Instances match user names without regard to case. */
    private static String key(String userName) {
        return userName == null ? "" : userName.toLowerCase(Locale.ROOT);
    }
}
