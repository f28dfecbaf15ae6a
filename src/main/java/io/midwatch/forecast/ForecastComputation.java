package io.midwatch.forecast;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

        /** The preserver's condition restricted to one user's rows, as an encoded query. */
        String restrictedTo(String userField, String userName) {
            return (condition == null ? "" : condition + "^") + userField + "=" + userName;
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

    List<Computed> compute(Forecast forecast) throws InstanceUnreadable {
        List<MidServer> servers = midServers.list(forecast.target()).stream()
                .filter(server -> server.removedAt() == null).toList();
        if (servers.isEmpty()) {
            return List.of();
        }
        List<Preserver> preservers = preservers(forecast);
        var computed = new ArrayList<Computed>();
        for (MidServer server : servers) {
            computed.add(compute(forecast, server, preservers));
        }
        return computed;
    }

    private Computed compute(Forecast forecast, MidServer server, List<Preserver> preservers)
            throws InstanceUnreadable {
        String source = forecast.source();
        String target = forecast.target();
        // a ^ would end the condition and start another: such a name cannot be asked for
        String user = server.userName().replace("^", "");
        String quoted = "'" + TextRules.printable(server.userName(), 100) + "'";
        String named = "User " + quoted;

        List<String> keptBy = preservedBy(target, user, preservers);
        if (!keptBy.isEmpty()) {
            return new Computed(server, Verdict.Preserved, List.of(new Finding("Data preserver(s) "
                    + String.join(", ", keptBy) + " on " + source + " keep " + "user " + quoted
                    + " and its role grants on " + target + " through the clone.", null)));
        }

        Map<String, String> onSource = first(tables.read(source, "sys_user", "user_name=" + user, USER_FIELDS));
        Set<String> sourceRoles = onSource == null ? Set.of() : roles(source, user);
        var failures = new ArrayList<Finding>();
        if (onSource == null) {
            failures.add(new Finding(named + " does not exist on the source " + source + ": the clone removes it from "
                    + target + ".", "Create user '" + user + "' on " + source + " with the role mid_server and the "
                    + "password the MID Server uses, or preserve the user and its roles (see below)."));
        } else {
            if (!"true".equalsIgnoreCase(onSource.get("active"))) {
                failures.add(new Finding(named + " is inactive on the source " + source + ": the clone makes it "
                        + "inactive on " + target + ".", "Activate user '" + user + "' on " + source + "."));
            }
            if ("true".equalsIgnoreCase(onSource.get("locked_out"))) {
                failures.add(new Finding(named + " is locked out on the source " + source + ": the clone locks it "
                        + "out on " + target + ".", "Unlock user '" + user + "' on " + source + "."));
            }
            if ("true".equalsIgnoreCase(onSource.get("password_needs_reset"))) {
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

        Map<String, String> onTarget = first(tables.read(target, "sys_user", "user_name=" + user, USER_FIELDS));
        if (onTarget != null && sameRecord(onSource, onTarget) && sourceRoles.equals(roles(target, user))) {
            return new Computed(server, Verdict.Unchanged, List.of(new Finding(named + " is the same record on "
                    + source + " and " + target + " (same sys_id, update count and last update), left alone on both "
                    + "since the last clone, with the same roles: the clone brings back what " + target
                    + " has.", null)));
        }
        return new Computed(server, Verdict.AtRisk, List.of(new Finding("The clone replaces " + "user " + quoted + " on " + target + " with the source's copy, "
                + (onTarget == null ? "which " + target + " does not have now"
                : "which differs from " + target + "'s (changed on either side since the last clone)")
                + "; its password cannot be read or compared through the Table API.", "Set the password of user '"
                + user + "' on " + source + " to the one the MID Server uses, or preserve the user and its roles "
                + "(see below).")));
    }

    /** The names of the preservers keeping the user's record, when others keep every role grant of it too. */
    private List<String> preservedBy(String target, String user, List<Preserver> preservers)
            throws InstanceUnreadable {
        var userKeptBy = new ArrayList<String>();
        for (Preserver preserver : preservers) {
            if ("sys_user".equals(preserver.table()) && !tables.read(target, "sys_user",
                    preserver.restrictedTo("user_name", user), List.of("sys_id")).isEmpty()) {
                userKeptBy.add("'" + preserver.name() + "'");
            }
        }
        List<Preserver> rolePreservers = preservers.stream()
                .filter(preserver -> "sys_user_has_role".equals(preserver.table())).toList();
        if (userKeptBy.isEmpty() || rolePreservers.isEmpty()) {
            return List.of();
        }
        Set<String> grants = sysIds(tables.read(target, "sys_user_has_role", "user.user_name=" + user,
                List.of("sys_id")));
        Set<String> kept = new HashSet<>();
        var rolesKeptBy = new ArrayList<String>();
        for (Preserver preserver : rolePreservers) {
            Set<String> matched = sysIds(tables.read(target, "sys_user_has_role",
                    preserver.restrictedTo("user.user_name", user), List.of("sys_id")));
            if (!matched.isEmpty()) {
                kept.addAll(matched);
                rolesKeptBy.add("'" + preserver.name() + "'");
            }
        }
        if (!kept.containsAll(grants)) {
            return List.of();
        }
        var names = new ArrayList<>(userKeptBy);
        rolesKeptBy.stream().filter(name -> !names.contains(name)).forEach(names::add);
        return names;
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

    private Set<String> roles(String instance, String user) throws InstanceUnreadable {
        return tables.read(instance, "sys_user_has_role", "user.user_name=" + user + "^state=active",
                        List.of("role.name")).stream()
                .map(row -> row.get("role.name")).filter(Objects::nonNull).collect(Collectors.toSet());
    }

    private static boolean sameRecord(Map<String, String> source, Map<String, String> target) {
        return Objects.equals(source.get("sys_id"), target.get("sys_id"))
                && Objects.equals(source.get("sys_mod_count"), target.get("sys_mod_count"))
                && Objects.equals(source.get("sys_updated_on"), target.get("sys_updated_on"));
    }

    private static Set<String> sysIds(List<Map<String, String>> rows) {
        return rows.stream().map(row -> row.get("sys_id")).filter(Objects::nonNull).collect(Collectors.toSet());
    }

    private static Map<String, String> first(List<Map<String, String>> rows) {
        return rows.isEmpty() ? null : rows.get(0);
    }
}
