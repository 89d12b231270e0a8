package io.imlogic.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Typed access to the {@code im.*} settings of {@code config/application.properties}.
 *
 * <p>Camel's properties component already lets an environment variable override a key (IM_HTTP_PORT for
 * im.http.port), so this only adds types and a message naming the key when a value is wrong.
 */
public final class Settings {

    private final PropertiesComponent properties;

    public Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
    }

    public String text(String key) {
        return properties.resolveProperty(key)
                .orElseThrow(() -> new StartupException("setting " + key + " is missing from the configuration"))
                .trim();
    }

    public String text(String key, String fallback) {
        return properties.resolveProperty(key).map(String::trim).orElse(fallback);
    }

    public int integer(String key) {
        String value = text(key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new StartupException("setting " + key + " must be a whole number, not '" + value + "'");
        }
    }

    public int positive(String key) {
        int value = integer(key);
        if (value <= 0) {
            throw new StartupException("setting " + key + " must be positive, not " + value);
        }
        return value;
    }
}
