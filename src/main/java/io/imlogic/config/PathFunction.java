package io.imlogic.config;

import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesFunction;

/**
 * The placeholder function {@code {{im-path:KEY}}}: the setting KEY (after the environment and overrides had their
 * say) as an absolute path, a relative value taken from the service's home folder ({@link Locations}). The Camel
 * wiring of the routes folder uses it, so route loading and hot reload watch the same folder from any working folder.
 */
public final class PathFunction implements PropertiesFunction {

    public static final String NAME = "im-path";

    private final PropertiesComponent properties;
    private final Locations locations;

    public PathFunction(PropertiesComponent properties, Locations locations) {
        this.properties = properties;
        this.locations = locations;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String apply(String key) {
        String value = properties.resolveProperty(key.trim())
                .orElseThrow(() -> new StartupException("setting " + key.trim() + " is missing from the configuration"));
        return locations.resolve(value).toString();
    }
}
