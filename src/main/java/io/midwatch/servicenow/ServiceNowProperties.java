package io.midwatch.servicenow;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.midwatch.platform.TextRules;

/**
 * The ServiceNow instances MidWatch reads ({@code midwatch.servicenow.instances[]}); none by default, and
 * then nothing polls. Secrets stay out of {@link #toString()}.
 *
 * @param scheduled     false: no poll runs by itself (polls are then driven by {@link InstancePoller#pollOnce})
 * @param tick          how often a node looks for instances that are due
 * @param cloneLookback how far back completed clones are read at each poll
 * @param pageSize      records per Table API request
 * @param timeout       time-out of each request
 * @param lease         how long a node may poll an instance before another node may take it over
 * @param cloneConsole  where the Clone Admin Console's requests are, see {@link CloneConsole}
 * @param cloneStates   which clone states mean what, see {@link CloneStates}
 */
@ConfigurationProperties("midwatch.servicenow")
public record ServiceNowProperties(@DefaultValue List<Instance> instances, @DefaultValue("true") boolean scheduled,
                                   @DefaultValue("PT10S") Duration tick, @DefaultValue("P1D") Duration cloneLookback,
                                   @DefaultValue("1000") int pageSize, @DefaultValue("PT30S") Duration timeout,
                                   @DefaultValue("PT5M") Duration lease, @DefaultValue CloneConsole cloneConsole,
                                   @DefaultValue CloneStates cloneStates) {

    public ServiceNowProperties {
        instances = List.copyOf(instances);
        var names = new HashSet<String>();
        for (Instance instance : instances) {
            if (!names.add(instance.name())) {
                throw new IllegalArgumentException("midwatch.servicenow.instances: the name " + instance.name()
                        + " is configured twice");
            }
        }
        if (pageSize < 1 || pageSize > 10_000) {
            throw new IllegalArgumentException("midwatch.servicenow.page-size must be between 1 and 10000");
        }
    }

    /**
     * The Clone Admin Console's table of clone requests. ServiceNow does not document its column names, so
     * they are found in {@code sys_dictionary} by their labels; {@code columns} names a column where an
     * instance labels it otherwise.
     *
     * @param table   the table ({@code sn_instance_clone_request})
     * @param columns column names by role: {@code source}, {@code target}, {@code state}, {@code completed}
     */
    public record CloneConsole(@DefaultValue("sn_instance_clone_request") String table,
                               @DefaultValue Map<String, String> columns) {

        static final Set<String> ROLES = Set.of("source", "target", "state", "completed");

        public CloneConsole {
            columns = Map.copyOf(columns);
            if (table == null || !table.matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException("midwatch.servicenow.clone-console.table must be a table name");
            }
            for (var column : columns.entrySet()) {
                if (!ROLES.contains(column.getKey()) || !column.getValue().matches("[a-z0-9_]+")) {
                    throw new IllegalArgumentException("midwatch.servicenow.clone-console.columns." + column.getKey()
                            + ": the roles are " + ROLES + ", each a column name");
                }
            }
        }
    }

    /**
     * Clone states by their labels in {@code sys_choice} (a stored value without a choice counts as its own
     * label), comma-separated, compared without regard to case; a label ending in {@code *} matches every
     * label it begins.
     *
     * @param completed  a clone in one of these states has completed: its check starts
     * @param rolledBack a clone in one of these states was rolled back: noted on its check, if it has one
     */
    public record CloneStates(@DefaultValue("Completed,Complete") String completed,
                              @DefaultValue("Rollback*,Rolled Back") String rolledBack) {

        boolean isCompleted(String label) {
            return matches(completed, label);
        }

        boolean isRolledBack(String label) {
            return matches(rolledBack, label);
        }

        private static boolean matches(String labels, String label) {
            String actual = label.trim();
            return Arrays.stream(labels.split(",")).map(String::trim).filter(configured -> !configured.isEmpty())
                    .anyMatch(configured -> configured.endsWith("*")
                            ? actual.regionMatches(true, 0, configured, 0, configured.length() - 1)
                            : actual.equalsIgnoreCase(configured));
        }
    }

    public Optional<Instance> instance(String name) {
        return instances.stream().filter(instance -> instance.name().equals(name)).findFirst();
    }

    /**
     * One instance: its name as clone records name it ({@code instance_name}), its base URL, and either
     * HTTP Basic ({@code user}, {@code password}) or OAuth 2.0's password grant ({@code oauth}).
     */
    public record Instance(String name, URI url, String user, String password, OAuth oauth,
                           @DefaultValue("PT1M") Duration pollInterval) {

        public Instance {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("midwatch.servicenow.instances[].name must be set");
            }
            // the name travels as a path segment of /api/instances/{name}
            TextRules.requirePathSegmentName("midwatch.servicenow.instances[].name", name);
            if (url == null || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))) {
                throw new IllegalArgumentException("midwatch.servicenow.instances[" + name + "].url must be an "
                        + "http(s) URL");
            }
            boolean basic = user != null && !user.isBlank();
            if (basic == (oauth != null)) {
                throw new IllegalArgumentException("midwatch.servicenow.instances[" + name + "]: set either user and "
                        + "password, or oauth");
            }
            if (basic && password == null) {
                throw new IllegalArgumentException("midwatch.servicenow.instances[" + name + "].password is missing");
            }
            if (pollInterval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("midwatch.servicenow.instances[" + name + "].poll-interval must "
                        + "be at least PT1S");
            }
            url = URI.create(url.toString().replaceAll("/+$", ""));
        }

        /** The user MidWatch reads as, for messages. */
        public String account() {
            return oauth != null ? oauth.user() : user;
        }

        @Override
        public String toString() {
            return "Instance[name=" + name + ", url=" + url + ", user=" + account()
                    + (oauth != null ? ", oauth client " + oauth.clientId() : "") + ", pollInterval=" + pollInterval
                    + "]";
        }
    }

    /** OAuth 2.0 password grant against {@code {url}/oauth_token.do}. */
    public record OAuth(String clientId, String clientSecret, String user, String password) {

        public OAuth {
            if (clientId == null || clientSecret == null || user == null || password == null) {
                throw new IllegalArgumentException("midwatch.servicenow.instances[].oauth needs client-id, "
                        + "client-secret, user and password");
            }
        }

        @Override
        public String toString() {
            return "OAuth[clientId=" + clientId + ", user=" + user + ", secrets redacted]";
        }
    }

    @Override
    public String toString() {
        return "ServiceNowProperties[instances=" + instances + "]";
    }
}
