package io.midwatch.servicenow;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Finds the configured instance a clone record names: by its name ({@code instance_name}), or by a URL or
 * host name matched against the host of each configured URL (scheme and port aside, since a record names
 * the instance's own URL). Where several configured instances share a host, the one whose URL path begins
 * the named URL's path.
 */
final class ConfiguredInstances {

    private final List<ServiceNowProperties.Instance> instances;

    ConfiguredInstances(List<ServiceNowProperties.Instance> instances) {
        this.instances = List.copyOf(instances);
    }

    /** The configured instance's name, or empty when the text names none. */
    Optional<String> named(String nameOrUrl) {
        if (nameOrUrl == null || nameOrUrl.isBlank()) {
            return Optional.empty();
        }
        String text = nameOrUrl.trim();
        Optional<String> byName = instances.stream().map(ServiceNowProperties.Instance::name)
                .filter(text::equalsIgnoreCase).findFirst();
        return byName.isPresent() ? byName : byUrl(text);
    }

    private Optional<String> byUrl(String text) {
        URI url;
        try {
            url = URI.create(text.contains("://") ? text : "https://" + text);
        } catch (IllegalArgumentException notAUrl) {
            return Optional.empty();
        }
        if (url.getHost() == null) {
            return Optional.empty();
        }
        List<ServiceNowProperties.Instance> sameHost = instances.stream()
                .filter(instance -> url.getHost().equalsIgnoreCase(instance.url().getHost())).toList();
        if (sameHost.size() > 1) {
            String path = url.getPath() == null ? "" : url.getPath();
            sameHost = sameHost.stream().filter(instance -> !instance.url().getPath().isEmpty()
                    && (path + "/").startsWith(instance.url().getPath() + "/")).toList();
        }
        return sameHost.size() == 1 ? Optional.of(sameHost.get(0).name()) : Optional.empty();
    }
}
