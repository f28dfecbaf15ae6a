package io.midwatch.servicenow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the clone records of one instance from both places a clone is requested: the legacy clone page's
 * {@code clone_instance} (up to the Zurich release; its column names are known) and the Clone Admin
 * Console's table (from the Australia release; its columns are found in {@code sys_dictionary} by their
 * labels, or as configured). Which table exists, its columns and its states ({@code sys_choice}) are read
 * at the first poll and again every hour; a table the instance does not have is left out with one warning.
 * States are told apart by their labels, never by a spelling of the stored value.
 */
class CloneReader {

    /** What a clone's state says; SCHEDULED: requested or scheduled, CANCELED: canceled or ended in an error. */
    enum Ending { COMPLETED, ROLLED_BACK, SCHEDULED, CANCELED, OTHER }

    /** States of a clone that is still to run, and of one that will not, by label. */
    static final List<String> SCHEDULED_LABELS = List.of("Requested", "Scheduled");
    static final List<String> CANCELED_LABELS = List.of("Canceled", "Cancelled", "Error", "Failed");

    /**
     * A clone record as read.
     *
     * @param target        the configured instance it names as its target, or null
     * @param targetAsNamed its target as the record names it
     * @param profile       its clone profile (a sys_id, or a name when {@code profileIsName}), or null
     */
    record CloneRecord(String cloneId, String table, String source, String target, String targetAsNamed,
                       Instant completedAt, String state, Ending ending, Instant scheduledAt, String profile,
                       boolean profileIsName) {
    }

    /** A column naming an instance: a reference to {@code instance}, or text (a name or a URL). */
    record Column(String name, boolean reference) {

        List<String> fields() {
            return reference ? List.of(name + ".instance_name", name + ".instance_url") : List.of(name);
        }

        /** What the record says, name before URL. */
        List<String> values(JsonNode record) {
            return fields().stream().map(field -> text(record, field)).filter(value -> value != null).toList();
        }
    }

    /**
     * Where a table keeps what MidWatch reads of a clone; {@code scheduled} and {@code profile}, which only the
     * forecast reads, are null where the table has no column so labelled.
     */
    record CloneTable(String table, Column source, Column target, String state, String completed, String scheduled,
                      Column profile) {

        List<String> fields() {
            return Stream.of(List.of("sys_id", state, completed), source.fields(), target.fields(),
                            scheduled == null ? List.<String>of() : List.of(scheduled),
                            profile == null ? List.<String>of() : List.of(profile.name()))
                    .flatMap(List::stream).toList();
        }
    }

    static final CloneTable LEGACY = new CloneTable("clone_instance", new Column("source_instance", true),
            new Column("target_instance", true), "state", "completed", null, null);

    /** How the columns only the forecast reads are labelled, in both tables. */
    static final Map<String, List<String>> FORECAST_LABELS = Map.of(
            "scheduled", List.of("Scheduled", "Scheduled Date/Time", "Scheduled Time", "Scheduled Start"),
            "profile", List.of("Profile", "Clone Profile", "Profile Name"));

    /** How the console's columns are labelled, for each role, in the order tried. */
    static final Map<String, List<String>> LABELS = Map.of(
            "source", List.of("Source Instance", "Source"),
            "target", List.of("Target Instance", "Target"),
            "state", List.of("State", "Status"),
            "completed", List.of("Completed", "Completed On", "Completed At", "Completed Date/Time"));

    /** A source named so is the instance holding the record. */
    private static final String STANDBY = "Standby Database";
    private static final Duration SCHEMA_AGE = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(CloneReader.class);

    /** A table to read and the labels of its stored states. */
    private record Source(CloneTable table, Map<String, List<String>> stateLabels) {
    }

    private final ServiceNowProperties.Instance reading;
    private final ServiceNowProperties properties;
    private final ConfiguredInstances configured;
    private final Clock clock;
    private List<Source> sources;
    private Instant sourcesReadAt;
    private final Set<String> absent = new HashSet<>();
    private final Set<String> unmatched = new HashSet<>();

    CloneReader(ServiceNowProperties.Instance reading, ServiceNowProperties properties, Clock clock) {
        this.reading = reading;
        this.properties = properties;
        this.configured = new ConfiguredInstances(properties.instances());
        this.clock = clock;
    }

    /** The clone records completed since then, of both tables. */
    synchronized List<CloneRecord> read(TableApiClient client, Instant since)
            throws TableApiException, InterruptedException {
        if (sources == null || !clock.instant().isBefore(sourcesReadAt.plus(SCHEMA_AGE))) {
            sources = sources(client);
            sourcesReadAt = clock.instant();
        }
        var records = new ArrayList<CloneRecord>();
        for (Source source : sources) {
            CloneTable table = source.table();
            List<JsonNode> read = client.readAll(table.table(), table.completed() + ">=" + TableApiClient.format(since)
                    + "^ORDERBY" + table.completed() + "^ORDERBYsys_id", table.fields(), properties.pageSize());
            if (table.scheduled() != null) {
                // clones still to run have no completion time: read by their scheduled time, for the forecast
                read = new ArrayList<>(read);
                read.addAll(client.readAll(table.table(), table.scheduled() + ">=" + TableApiClient.format(since)
                        + "^ORDERBY" + table.scheduled() + "^ORDERBYsys_id", table.fields(), properties.pageSize()));
            }
            Set<String> seen = new HashSet<>();
            for (JsonNode record : read) {
                CloneRecord clone = clone(source, record);
                if (clone != null && seen.add(clone.cloneId())) {
                    records.add(clone);
                }
            }
        }
        return records;
    }

    private CloneRecord clone(Source source, JsonNode record) {
        CloneTable table = source.table();
        String sysId = text(record, "sys_id");
        Instant completed = TableApiClient.instant(text(record, table.completed()));
        Instant scheduled = table.scheduled() == null ? null : TableApiClient.instant(text(record, table.scheduled()));
        if (sysId == null || completed == null && scheduled == null) {
            return null;
        }
        String state = text(record, table.state());
        List<String> labels = state == null ? List.of()
                : source.stateLabels().getOrDefault(state, List.of(state));
        // a completed clone is taken by its completion time, which a record read by its schedule may lack
        Ending ending = completed != null && labels.stream().anyMatch(properties.cloneStates()::isCompleted)
                ? Ending.COMPLETED
                : labels.stream().anyMatch(properties.cloneStates()::isRolledBack) ? Ending.ROLLED_BACK
                : labels.stream().anyMatch(label -> matches(SCHEDULED_LABELS, label)) ? Ending.SCHEDULED
                : labels.stream().anyMatch(label -> matches(CANCELED_LABELS, label)) ? Ending.CANCELED
                : Ending.OTHER;
        List<String> targets = table.target().values(record);
        String target = targets.stream().map(configured::named).flatMap(java.util.Optional::stream).findFirst()
                .orElse(null);
        String targetAsNamed = targets.isEmpty() ? "(none)" : targets.get(0);
        if (target == null && ending == Ending.COMPLETED && unmatched.add(sysId)) {
            log.info("Instance {}: clone {} ({}) onto '{}' names no configured instance: no check is started",
                    reading.name(), sysId, table.table(), targetAsNamed);
        }
        return new CloneRecord(sysId, table.table(), source(table.source().values(record)), target, targetAsNamed,
                completed, labels.isEmpty() ? "(none)" : labels.get(0), ending, scheduled,
                table.profile() == null ? null : text(record, table.profile().name()),
                table.profile() != null && !table.profile().reference());
    }

    private static boolean matches(List<String> labels, String label) {
        return labels.stream().anyMatch(label.trim()::equalsIgnoreCase);
    }

    /** The configured instance the source names, else its name as given; none, or the standby: this one. */
    private String source(List<String> named) {
        if (named.isEmpty() || named.stream().allMatch(value -> value.equalsIgnoreCase(STANDBY))) {
            return reading.name();
        }
        String source = named.stream().map(configured::named).flatMap(java.util.Optional::stream).findFirst()
                .orElse(named.get(0));
        return source.length() > 255 ? source.substring(0, 255) : source;
    }

    private List<Source> sources(TableApiClient client) throws TableApiException, InterruptedException {
        var found = new ArrayList<Source>();
        Map<String, JsonNode> legacy = dictionary(client, LEGACY.table());
        if (!legacy.isEmpty()) {
            CloneTable table = new CloneTable(LEGACY.table(), LEGACY.source(), LEGACY.target(), LEGACY.state(),
                    LEGACY.completed(), labelled(legacy, "scheduled").map(Column::name).orElse(null),
                    labelled(legacy, "profile").orElse(null));
            found.add(new Source(table, stateLabels(client, table)));
        }
        String consoleTable = properties.cloneConsole().table();
        Map<String, JsonNode> console = dictionary(client, consoleTable);
        if (!console.isEmpty()) {
            CloneTable table = new CloneTable(consoleTable, column(console, "source"), column(console, "target"),
                    column(console, "state").name(), column(console, "completed").name(),
                    labelled(console, "scheduled").map(Column::name).orElse(null),
                    labelled(console, "profile").orElse(null));
            found.add(new Source(table, stateLabels(client, table)));
        }
        return found;
    }

    /** The table's columns by name, as {@code sys_dictionary} lists them; none when it has no such table. */
    private Map<String, JsonNode> dictionary(TableApiClient client, String table)
            throws TableApiException, InterruptedException {
        Map<String, JsonNode> columns = new HashMap<>();
        for (JsonNode entry : client.readAll("sys_dictionary", "name=" + table,
                List.of("element", "column_label", "internal_type", "reference"), properties.pageSize())) {
            String element = text(entry, "element");
            if (element != null) {
                columns.putIfAbsent(element, entry);
            }
        }
        if (columns.isEmpty() && absent.add(table)) {
            log.warn("Instance {}: sys_dictionary lists no column of table {}, so no clone is read from it (an "
                    + "instance has clone_instance up to the Zurich release and {} from the Australia release; "
                    + "if it has the table, MidWatch's account cannot read its entries in sys_dictionary)",
                    reading.name(), table, properties.cloneConsole().table());
        } else if (!columns.isEmpty()) {
            absent.remove(table);
        }
        return columns;
    }

    /** The console's column for a role: as configured, else the first labelled as {@link #LABELS} says. */
    private Column column(Map<String, JsonNode> dictionary, String role) throws TableApiException {
        String table = properties.cloneConsole().table();
        String setting = "midwatch.servicenow.clone-console.columns." + role;
        String name = properties.cloneConsole().columns().get(role);
        if (name != null) {
            JsonNode entry = dictionary.get(name);
            if (entry == null) {
                throw new TableApiException(TableApiException.Kind.FAILED, setting + " names " + name
                        + ", which sys_dictionary does not list as a column of " + table, "sys_dictionary", null);
            }
            return column(entry);
        }
        return firstLabelled(dictionary, LABELS.get(role)).orElseThrow(() -> new TableApiException(
                TableApiException.Kind.FAILED, "no column of " + table + " is labelled "
                + String.join(" or ", LABELS.get(role)) + " in sys_dictionary: set " + setting
                + " to its column name", "sys_dictionary", null));
    }

    /** The first column labelled as {@link #FORECAST_LABELS} says for the role, if any. */
    private static Optional<Column> labelled(Map<String, JsonNode> dictionary, String role) {
        return firstLabelled(dictionary, FORECAST_LABELS.get(role));
    }

    /** The column with the first of the labels that one has, compared without regard to case. */
    private static Optional<Column> firstLabelled(Map<String, JsonNode> dictionary, List<String> labels) {
        return labels.stream().flatMap(label -> dictionary.values().stream()
                        .filter(column -> label.equalsIgnoreCase(String.valueOf(text(column, "column_label")).trim())))
                .findFirst().map(CloneReader::column);
    }

    private static Column column(JsonNode entry) {
        return new Column(text(entry, "element"), "reference".equals(text(entry, "internal_type")));
    }

    /** Stored state values and their labels ({@code sys_choice}); a label in several languages gives several. */
    private Map<String, List<String>> stateLabels(TableApiClient client, CloneTable table)
            throws TableApiException, InterruptedException {
        Map<String, List<String>> labels = new HashMap<>();
        for (JsonNode choice : client.readAll("sys_choice", "name=" + table.table() + "^element=" + table.state(),
                List.of("value", "label"), properties.pageSize())) {
            String value = text(choice, "value");
            String label = text(choice, "label");
            if (value != null && label != null) {
                labels.computeIfAbsent(value, any -> new ArrayList<>()).add(label);
            }
        }
        return labels;
    }

    static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.isValueNode() ? value.asText() : value.path("value").asText(null);
        return text == null || text.isBlank() ? null : text.trim();
    }
}
