package io.midwatch.forecast;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Reads records of a configured ServiceNow instance through its Table API, raw values, every page. */
public interface InstanceTables {

    /**
     * @param query an encoded query
     * @return each record as field to value; a field the record leaves empty is absent
     * @throws InstanceUnreadable when the instance is not configured or does not answer
     */
    List<Map<String, String>> read(String instance, String table, String query, List<String> fields)
            throws InstanceUnreadable;

    /**
     * The records whose {@code nameField} is one of {@code names} and that match {@code condition}, read for
     * many names a request.
     *
     * @param condition an encoded query, or empty
     * @param fields the fields to answer, {@code nameField} among them to tell the records apart
     */
    List<Map<String, String>> readNamed(String instance, String table, String condition, String nameField,
            Collection<String> names, List<String> fields) throws InstanceUnreadable;

    /** An instance that could not be read, and why, in words fit for the API and the log. */
    class InstanceUnreadable extends Exception {

        public InstanceUnreadable(String message) {
            super(message);
        }
    }
}
