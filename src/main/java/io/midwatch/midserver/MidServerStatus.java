package io.midwatch.midserver;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The status of a MID Server, spelled as the platform spells it. ServiceNow documents {@link #DOCUMENTED}
 * and may add more: a MID Server of an instance keeps whatever status its instance reports, while one
 * registered through the API takes a documented status only. Only {@link #DOWN} gets an issue (R4).
 */
@Schema(type = "string", example = "Up", description = "Up, Down, Upgrading, Paused, Upgrade Failed, Draining, "
        + "Drained or Drain Failed; a MID Server of an instance shows any other status as its instance spells it")
public record MidServerStatus(String label) {

    public static final MidServerStatus UP = new MidServerStatus("Up");
    public static final MidServerStatus DOWN = new MidServerStatus("Down");
    public static final MidServerStatus UPGRADING = new MidServerStatus("Upgrading");
    public static final MidServerStatus PAUSED = new MidServerStatus("Paused");
    public static final MidServerStatus UPGRADE_FAILED = new MidServerStatus("Upgrade Failed");
    public static final MidServerStatus DRAINING = new MidServerStatus("Draining");
    public static final MidServerStatus DRAINED = new MidServerStatus("Drained");
    public static final MidServerStatus DRAIN_FAILED = new MidServerStatus("Drain Failed");

    /** The statuses ServiceNow documents for {@code ecc_agent.status}. */
    public static final List<MidServerStatus> DOCUMENTED = List.of(UP, DOWN, UPGRADING, PAUSED, UPGRADE_FAILED,
            DRAINING, DRAINED, DRAIN_FAILED);

    /** The longest status MidWatch keeps ({@code ecc_agent.status}). */
    public static final int MAX_LENGTH = 40;

    public MidServerStatus {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("a MID Server status must not be blank");
        }
    }

    @JsonValue
    @Override
    public String label() {
        return label;
    }

    /**
     * A documented status, spelled exactly so, as the API takes it.
     *
     * @throws IllegalArgumentException naming the documented statuses (answered 400)
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static MidServerStatus fromLabel(String label) {
        return DOCUMENTED.stream().filter(status -> status.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown status '" + label + "', expected one of "
                        + DOCUMENTED.stream().map(MidServerStatus::label).collect(Collectors.joining(", "))));
    }

    /**
     * A status as an instance reports it: a documented one in its documented spelling whatever its case (or
     * its constant's name, {@code upgrade_failed}), so that a {@code down} counts as Down; any other as the
     * instance spells it.
     */
    public static MidServerStatus asReported(String value) {
        String trimmed = value.trim();
        String normalised = trimmed.replace('_', ' ');
        return DOCUMENTED.stream().filter(status -> status.label.equalsIgnoreCase(normalised))
                .findFirst().orElseGet(() -> new MidServerStatus(trimmed));
    }

    @Override
    public String toString() {
        return label;
    }
}
