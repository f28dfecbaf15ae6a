package io.midwatch.servicenow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import io.midwatch.clone.CloneEvent;
import io.midwatch.clone.CloneService;
import io.midwatch.clone.InstanceClone;
import io.midwatch.forecast.ForecastService;
import io.midwatch.forecast.ScheduledClone;
import io.midwatch.issue.IssueService;
import io.midwatch.midserver.InstanceMidServer;
import io.midwatch.midserver.MidServerService;
import io.midwatch.midserver.MidServerStatus;
import io.midwatch.platform.NotFoundException;
import io.midwatch.platform.RestClients;
import io.midwatch.platform.RetryOnConcurrentChange;
import io.midwatch.platform.TextRules;
import io.midwatch.servicenow.CloneReader.CloneRecord;
import io.midwatch.servicenow.CloneReader.Ending;

/**
 * Polls the configured ServiceNow instances: each poll reads the instance's MID Servers ({@code ecc_agent},
 * every page) and its clones ({@link CloneReader}), then applies what it read in one transaction.
 * Reading comes first and entirely, so a poll that fails changes nothing.
 *
 * <p>Nodes sharing the database poll an instance one at a time: a poll first takes the instance's row in
 * {@code servicenow_instance} for this node (a lease, released when the poll ends, taken over by another
 * node once it expires should this node die). Polling twice does no harm anyway: MID Servers are upserted
 * by (instance, name) and a clone starts its check once per cloneId.
 */
@Component
public class InstancePoller {

    static final List<String> MID_SERVER_FIELDS = List.of("sys_id", "name", "status", "user_name", "host_name",
            "version", "last_refreshed", "sys_created_on");

    private static final Logger log = LoggerFactory.getLogger(InstancePoller.class);

    /** What one poll did. */
    public record PollOutcome(String instance, boolean polled, InstanceState state, int midServers,
                              int statusChanges, List<String> clonesStarted, String error) {
    }

    private final ServiceNowProperties properties;
    private final InstancePollRepository polls;
    private final MidServerService midServers;
    private final CloneService clones;
    private final IssueService issues;
    private final ForecastService forecasts;
    private final RetryOnConcurrentChange retry;
    private final Clock clock;
    private final RestClient.Builder restClients;
    /** One client per instance in this node: polls and diagnoses share its hold-back after a 429. */
    private final Map<String, TableApiClient> clients = new ConcurrentHashMap<>();
    private final Map<String, CloneReader> cloneReaders = new ConcurrentHashMap<>();
    private final Map<String, InstanceUserReader> userReaders = new ConcurrentHashMap<>();
    /** Built at the first request: with no instance configured, none is (it would start a thread). */
    private RestClient rest;
    private final ObjectMapper json = new ObjectMapper();
    /** This node, as lease owner. */
    private final String node = "node-" + UUID.randomUUID();

    InstancePoller(ServiceNowProperties properties, InstancePollRepository polls, MidServerService midServers,
                   CloneService clones, IssueService issues, ForecastService forecasts,
                   RetryOnConcurrentChange retry, Clock clock,
                   RestClient.Builder restClients) {
        this.properties = properties;
        this.polls = polls;
        this.midServers = midServers;
        this.clones = clones;
        this.issues = issues;
        this.forecasts = forecasts;
        this.retry = retry;
        this.clock = clock;
        this.restClients = restClients;
    }

    /** @throws NotFoundException when no instance of that name is configured (answered 404) */
    static ServiceNowProperties.Instance configured(ServiceNowProperties properties, String name) {
        return properties.instance(name)
                .orElseThrow(() -> new NotFoundException("No ServiceNow instance named '" + name + "' is configured"));
    }

    private ServiceNowProperties.Instance configured(String name) {
        return configured(properties, name);
    }

    /** @throws NotFoundException when no instance of that name is configured */
    TableApiClient client(String name) {
        return client(configured(name));
    }

    private TableApiClient client(ServiceNowProperties.Instance instance) {
        return clients.computeIfAbsent(instance.name(), name -> new TableApiClient(instance, rest(), json,
                properties.timeout(), clock));
    }

    /**
     * Boot's builder (its observations and customizers), on the JDK's client with redirects off: Boot
     * follows them by default, and a redirect must not take the account's credentials elsewhere.
     */
    private synchronized RestClient rest() {
        if (rest == null) {
            rest = RestClients.withoutRedirects(restClients, properties.timeout(), properties.timeout());
        }
        return rest;
    }

    /** Polls the instance now, due or not, unless another node is polling it. */
    public PollOutcome pollOnce(String name) {
        return poll(configured(name), false);
    }

    /** Polls every instance whose next poll is due and that no other node is polling. */
    void pollDue() {
        for (ServiceNowProperties.Instance instance : properties.instances()) {
            try {
                poll(instance, true);
            } catch (RuntimeException e) {
                log.error("Polling instance {} failed unexpectedly", instance.name(), e);
            }
        }
    }

    private PollOutcome poll(ServiceNowProperties.Instance instance, boolean dueOnly) {
        Instant now = clock.instant();
        polls.ensure(instance.name(), now);
        if (!polls.lease(instance.name(), node, now, now.plus(properties.lease()), dueOnly)) {
            return new PollOutcome(instance.name(), false, null, 0, 0, List.of(), null);
        }
        InstancePollRepository.Row before = polls.find(instance.name()).orElseThrow();
        try {
            TableApiClient client = client(instance);
            MidServersRead reported = readMidServers(client);
            ClonesRead clonesRead = readClones(instance, client, before.lastSuccessAt(), now);
            PollOutcome outcome = retry.inTransaction("Poll of instance " + instance.name(),
                    () -> apply(instance.name(), reported, clonesRead));
            logSkipped(instance, clonesRead.skipped());
            forecasts.clonesRead(clonesRead.scheduled(), clonesRead.ended());
            Instant end = clock.instant();
            polls.succeeded(instance.name(), node, end, end.plus(instance.pollInterval()), reported.skipped().size());
            warnSkipped(instance.name(), before, reported.skipped());
            if (before.state() != InstanceState.OK && before.state() != InstanceState.NEW) {
                log.warn("Instance {} answers again: {} MID Server(s) read", instance.name(),
                        reported.servers().size());
            }
            return outcome;
        } catch (TableApiException e) {
            InstanceState state = switch (e.kind()) {
                case LOGIN_REFUSED -> InstanceState.LOGIN_REFUSED;
                case ACCESS_DENIED -> InstanceState.ACCESS_DENIED;
                case RATE_LIMITED -> InstanceState.RATE_LIMITED;
                case FAILED -> InstanceState.FAILING;
            };
            return failed(instance, before, state, describe(instance, e), e.retryAfter());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(instance, before, InstanceState.FAILING, "the poll was interrupted", null);
        } catch (RuntimeException e) {
            log.error("Instance {}: what was read could not be applied", instance.name(), e);
            return failed(instance, before, InstanceState.FAILING, "what was read could not be applied: " + e, null);
        }
    }

    private PollOutcome apply(String instance, MidServersRead reported, ClonesRead clonesRead) {
        MidServerService.InstanceSync sync = midServers.syncInstance(instance, reported.servers(), reported.listed());
        clonesRead.rolledBack().forEach(clone -> clones.noteRollback(clone.cloneId(), clone.state()));
        Set<String> known = clones.known(clonesRead.completed().stream().map(CloneEvent::cloneId).toList());
        var started = new ArrayList<String>();
        for (CloneEvent clone : clonesRead.completed()) {
            if (!known.contains(clone.cloneId()) && clones.receive(clone).created()) {
                started.add(clone.cloneId());
            }
        }
        return new PollOutcome(instance, true, InstanceState.OK, reported.servers().size(), sync.statusChanges(),
                started, null);
    }

    /**
     * Records the failure and when to try again: as {@code Retry-After} says after a 429; else after twice,
     * four times, ... the poll interval, at most ten intervals. A change of the instance's state is logged
     * once, as a warning.
     */
    private PollOutcome failed(ServiceNowProperties.Instance instance, InstancePollRepository.Row before,
                               InstanceState state, String error, Duration retryAfter) {
        Instant now = clock.instant();
        int failures = before.failures() + 1;
        Duration wait;
        if (state == InstanceState.RATE_LIMITED && retryAfter != null) {
            wait = retryAfter;
        } else {
            long factor = Math.min(10, 1L << Math.min(failures, 4));
            wait = instance.pollInterval().multipliedBy(factor);
        }
        polls.failed(instance.name(), node, state, error, failures, now, now.plus(wait));
        if (before.state() != state) {
            log.warn("Instance {}: {} (next try in {} s)", instance.name(), error, wait.toSeconds());
        } else {
            log.debug("Instance {}: {} (next try in {} s)", instance.name(), error, wait.toSeconds());
        }
        return new PollOutcome(instance.name(), true, state, 0, 0, List.of(), error);
    }

    /** The failure in words for the instance's {@code lastError} and the log. */
    private String describe(ServiceNowProperties.Instance instance, TableApiException e) {
        return switch (e.kind()) {
            case LOGIN_REFUSED -> refusal(instance, e.getMessage());
            case ACCESS_DENIED -> "The instance denies MidWatch's account '" + instance.account() + "' access to table "
                    + e.table() + ": " + e.getMessage() + ". The account logs in; it lacks a role or an ACL to read "
                    + e.table() + " (see the account's rights in docs/servicenow.md).";
            default -> e.getMessage();
        };
    }

    /** Says that the instance refuses the account's login, and why that is expected right after a clone. */
    private String refusal(ServiceNowProperties.Instance instance, String reason) {
        String refused = "The instance refuses MidWatch's account '" + instance.account() + "': " + reason + ". ";
        var latest = clones.latestOnto(instance.name());
        String afterClone = "the clone copied the source's user table (sys_user) onto this instance, so the account "
                + "now has the source's password, roles and lock state: set them again on this instance.";
        if (latest.isPresent() && latest.get().completedAt().isAfter(clock.instant().minus(Duration.ofDays(1)))) {
            InstanceClone clone = latest.get();
            return refused + "Expected right after clone " + clone.cloneId() + " of " + clone.sourceInstance()
                    + " onto this instance (completed " + clone.completedAt() + "): " + afterClone;
        }
        return refused + "Right after a clone onto this instance this is expected: " + afterClone;
    }

    /**
     * The MID Servers an instance lists: those MidWatch takes over, every name listed, and why the others
     * were skipped.
     */
    record MidServersRead(List<InstanceMidServer> servers, Set<String> listed, List<String> skipped) {
    }

    private MidServersRead readMidServers(TableApiClient client) throws TableApiException, InterruptedException {
        // ordered by sys_id, so that paging by offset sees every record once while the table stays as it is
        List<JsonNode> records = client.readAll("ecc_agent", "ORDERBYsys_id", MID_SERVER_FIELDS, properties.pageSize());
        Map<String, InstanceMidServer> byName = new LinkedHashMap<>();
        Set<String> listed = new HashSet<>();
        var skipped = new ArrayList<String>();
        for (JsonNode record : records) {
            String status = text(record, "status");
            String sysId = text(record, "sys_id");
            String name = text(record, "name");
            String userName = text(record, "user_name");
            String unusable = unusable(sysId, name, status, userName);
            if (name != null) {
                listed.add(name);
            }
            if (unusable != null) {
                // not a MID Server MidWatch can keep: left out rather than failing every poll, and counted; its
                // names are never written raw anywhere
                skipped.add("'" + TextRules.printable(String.valueOf(name), 100) + "' (sys_id "
                        + TextRules.printable(String.valueOf(sysId), 40) + "): " + unusable);
                continue;
            }
            byName.putIfAbsent(name, new InstanceMidServer(sysId, name,
                    MidServerStatus.asReported(status), userName,
                    cut(TextRules.withoutControlCharacters(text(record, "host_name")), 255),
                    cut(TextRules.withoutControlCharacters(text(record, "version")), 100),
                    TableApiClient.instant(text(record, "last_refreshed")),
                    TableApiClient.instant(text(record, "sys_created_on"))));
        }
        return new MidServersRead(new ArrayList<>(byName.values()), listed, skipped);
    }

    /** Why MidWatch cannot keep a MID Server of an instance, or null when it can. */
    private static String unusable(String sysId, String name, String status, String userName) {
        if (TextRules.hasControlCharacter(name) || TextRules.hasControlCharacter(userName)
                || TextRules.hasControlCharacter(sysId) || TextRules.hasControlCharacter(status)) {
            // the API refuses such names (a CR or LF forges log lines); rename the record in ServiceNow
            return "control characters (shown as ?) in its name, user_name, sys_id or status, which MidWatch "
                    + "refuses in names: rename it in ServiceNow to have it followed";
        }
        if (name == null || name.length() > 100) {
            return name == null ? "no name" : "a name longer than 100 characters";
        }
        if (userName == null || userName.length() > 100) {
            return userName == null ? "no user_name" : "a user_name longer than 100 characters";
        }
        if (status == null || status.isBlank() || status.trim().length() > MidServerStatus.MAX_LENGTH) {
            return status == null || status.isBlank() ? "no status"
                    : "a status longer than " + MidServerStatus.MAX_LENGTH + " characters";
        }
        return null;
    }

    /** Warns once per change of the number of MID Servers skipped, not at every poll. */
    private static void warnSkipped(String instance, InstancePollRepository.Row before, List<String> skipped) {
        if (skipped.size() == before.skippedMidServers()) {
            return;
        }
        if (skipped.isEmpty()) {
            log.info("Instance {}: no MID Server skipped any more", instance);
        } else {
            log.warn("Instance {}: {} MID Server(s) skipped, not watched: {}", instance, skipped.size(),
                    String.join("; ", skipped.subList(0, Math.min(skipped.size(), 20)))
                            + (skipped.size() > 20 ? "; ..." : ""));
        }
    }

    /**
     * What a poll read of the instance's clones: the completed clones onto a configured instance within the
     * look-back, the rolled back ones, and, after an outage longer than the look-back, the completed ones
     * it leaves out.
     */
    private record ClonesRead(List<CloneEvent> completed, List<CloneRecord> rolledBack, List<CloneRecord> skipped,
                              List<ScheduledClone> scheduled, List<String> ended) {
    }

    private ClonesRead readClones(ServiceNowProperties.Instance instance, TableApiClient client, Instant lastSuccess,
                                  Instant now) throws TableApiException, InterruptedException {
        Instant lookback = now.minus(properties.cloneLookback());
        Instant since = lastSuccess != null && lastSuccess.isBefore(lookback) ? lastSuccess : lookback;
        List<CloneRecord> read = cloneReaders.computeIfAbsent(instance.name(),
                name -> new CloneReader(instance, properties, clock)).read(client, since);
        // a clone id with a control character is no id MidWatch takes (the API's text rule)
        List<CloneRecord> checkable = read.stream()
                .filter(clone -> clone.ending() == Ending.COMPLETED && clone.target() != null
                        && !TextRules.hasControlCharacter(clone.cloneId())).toList();
        return new ClonesRead(
                checkable.stream().filter(clone -> !clone.completedAt().isBefore(lookback))
                        .map(clone -> event(clone, now)).toList(),
                read.stream().filter(clone -> clone.ending() == Ending.ROLLED_BACK
                        && !TextRules.hasControlCharacter(clone.cloneId())).toList(),
                checkable.stream().filter(clone -> clone.completedAt().isBefore(lookback)).toList(),
                read.stream().filter(clone -> clone.ending() == Ending.SCHEDULED && clone.target() != null
                                && clone.scheduledAt() != null && !TextRules.hasControlCharacter(clone.cloneId()))
                        .map(clone -> new ScheduledClone(clone.cloneId(), clone.table(),
                                TextRules.withoutControlCharacters(clone.source()), clone.target(),
                                clone.scheduledAt(), clone.profile(), clone.profileIsName()))
                        .toList(),
                read.stream().filter(clone -> clone.ending() == Ending.CANCELED).map(CloneRecord::cloneId).toList());
    }

    private static CloneEvent event(CloneRecord clone, Instant now) {
        // an instance's clock ahead of MidWatch's must not make the clone look future
        return new CloneEvent(clone.cloneId(), TextRules.withoutControlCharacters(clone.source()), clone.target(),
                clone.completedAt().isAfter(now) ? now : clone.completedAt());
    }

    /**
     * Completed clones that the look-back leaves out after an outage, unless MidWatch has them: each logged
     * with what {@code POST /api/clones} needs to start its check. The next poll reads from the look-back
     * again, so each is logged once.
     */
    private void logSkipped(ServiceNowProperties.Instance instance, List<CloneRecord> skipped) {
        Set<String> known = skipped.isEmpty() ? Set.of()
                : clones.known(skipped.stream().map(CloneRecord::cloneId).toList());
        for (CloneRecord clone : skipped) {
            if (!known.contains(clone.cloneId())) {
                log.warn("Instance {}: clone {} of {} onto {} completed at {}, before the look-back of {} (no "
                                + "poll of this instance succeeded meanwhile): no check is started. To check it: "
                                + "POST /api/clones {\"cloneId\": \"{}\", \"sourceInstance\": \"{}\", "
                                + "\"targetInstance\": \"{}\", \"completedAt\": \"{}\"}", instance.name(),
                        clone.cloneId(), TextRules.withoutControlCharacters(clone.source()), clone.target(),
                        clone.completedAt(), properties.cloneLookback(), clone.cloneId(),
                        TextRules.withoutControlCharacters(clone.source()), clone.target(),
                        clone.completedAt());
            }
        }
    }

    private static String cut(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }

    static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.isValueNode() ? value.asText() : value.path("value").asText(null);
        return text == null || text.isEmpty() ? null : text;
    }

    /** The fields of {@code sys_user} the credential diagnosis reads (R11); the password is never one of them. */
    static final List<String> USER_FIELDS = List.of("sys_id", "user_name", "active", "locked_out",
            "password_needs_reset", "web_service_access_only", "internal_integration_user", "failed_attempts",
            "last_login_time");

    /**
     * Reads the facts of a user of the instance that the credential diagnosis needs (R11), in bulk with the
     * users of the instance's other issues awaiting their diagnosis ({@link InstanceUserReader}).
     *
     * @return null when the instance has no such user
     */
    InstanceUser user(String instanceName, String userName) throws TableApiException, InterruptedException {
        ServiceNowProperties.Instance instance = configured(instanceName);
        return userReaders.computeIfAbsent(instance.name(),
                        name -> new InstanceUserReader(name, properties.pageSize(), clock))
                .user(client(instance), userName, () -> issues.usersAwaitingDiagnosis(instance.name()));
    }

    /** A user as {@code sys_user} has it, with its active roles. */
    static InstanceUser instanceUser(String instanceName, JsonNode user, List<String> roles) {
        String failedAttempts = text(user, "failed_attempts");
        return new InstanceUser(TextRules.withoutControlCharacters(text(user, "user_name")), instanceName,
                "true".equalsIgnoreCase(text(user, "active")),
                "true".equalsIgnoreCase(text(user, "locked_out")),
                "true".equalsIgnoreCase(text(user, "password_needs_reset")),
                flag(user, "web_service_access_only"), flag(user, "internal_integration_user"),
                failedAttempts == null || !failedAttempts.matches("\\d{1,9}") ? null : Integer.valueOf(failedAttempts),
                TableApiClient.instant(text(user, "last_login_time")), List.copyOf(roles));
    }

    /** A true/false field, or null when the instance does not have it (an older release) or leaves it empty. */
    private static Boolean flag(JsonNode record, String field) {
        String value = text(record, field);
        return value == null ? null : "true".equalsIgnoreCase(value);
    }

    /**
     * A user of an instance as the diagnosis reads it; {@code roles} are its active role grants. Null stands
     * for a field the instance left empty or does not have; {@code lastLoginTime} null: never logged in.
     */
    public record InstanceUser(String userName, String instance, boolean active, boolean lockedOut,
                               boolean passwordNeedsReset, Boolean webServiceAccessOnly,
                               Boolean internalIntegrationUser, Integer failedAttempts, Instant lastLoginTime,
                               List<String> roles) {
    }
}
