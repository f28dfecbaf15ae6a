package io.midwatch.servicenow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

import io.midwatch.forecast.InstanceTables;
import io.midwatch.platform.NotFoundException;

/** The forecast's reads of configured instances, through the poller's clients (one per instance). */
@Component
class InstanceTableReader implements InstanceTables {

    private final InstancePoller poller;
    private final ServiceNowProperties properties;

    InstanceTableReader(InstancePoller poller, ServiceNowProperties properties) {
        this.poller = poller;
        this.properties = properties;
    }

    @Override
    public List<Map<String, String>> read(String instance, String table, String query, List<String> fields)
            throws InstanceUnreadable {
        try {
            var rows = new ArrayList<Map<String, String>>();
            for (JsonNode record : poller.client(instance).readAll(table, query, fields, properties.pageSize())) {
                Map<String, String> row = new LinkedHashMap<>();
                for (Iterator<String> names = record.fieldNames(); names.hasNext(); ) {
                    String field = names.next();
                    String value = CloneReader.text(record, field);
                    if (value != null) {
                        row.put(field, value);
                    }
                }
                rows.add(row);
            }
            return rows;
        } catch (NotFoundException e) {
            throw new InstanceUnreadable(e.getMessage());
        } catch (TableApiException e) {
            throw new InstanceUnreadable("Instance " + instance + ", table " + table + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstanceUnreadable("Instance " + instance + ": the read was interrupted");
        }
    }

    @Override
    public List<Map<String, String>> readNamed(String instance, String table, String condition, String nameField,
            Collection<String> names, List<String> fields) throws InstanceUnreadable {
        var rows = new ArrayList<Map<String, String>>();
        for (List<String> request : NameConditions.requests(names)) {
            // ordered by sys_id, so that paging by offset sees every record once
            rows.addAll(read(instance, table, (condition.isEmpty() ? "" : condition + "^")
                    + NameConditions.condition(nameField, request) + "^ORDERBYsys_id", fields));
        }
        return rows;
    }
}
