package io.imlogic.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.nio.file.Path;

/**
 * Typed access to the {@code im.*} settings of {@code config/application.properties}.
 *
 * <p>Camel's properties component already lets an environment variable override a key (IM_HTTP_PORT for
 * im.http.port), so this only adds types and a message naming the key when a value is wrong.
 */
public final class Settings {

    private final PropertiesComponent properties;
    private final Locations locations;

    public Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
        this.locations = context.getRegistry().lookupByNameAndType(Locations.BEAN, Locations.class);
    }

    public String text(String key) {
        return properties.resolveProperty(key)
                .orElseThrow(() -> new StartupException("setting " + key + " is missing from the configuration"))
                .trim();
    }

    public String text(String key, String fallback) {
        return properties.resolveProperty(key).map(String::trim).orElse(fallback);
    }

    /** A folder or file setting: absolute as given, relative from the service's home folder ({@link Locations}). */
    public Path path(String key) {
        String value = text(key);
        return locations == null ? Path.of(value) : locations.resolve(value);
    }

    public int integer(String key) {
        String value = text(key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new StartupException("setting " + key + " must be a whole number, not '" + value + "'");
        }
    }

    public long longValue(String key) {
        String value = text(key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new StartupException("setting " + key + " must be a whole number, not '" + value + "'");
        }
    }

    /** A duration as goim writes them ({@code 30m}, {@code 20s}, {@code 1h}) or plain seconds, in seconds. */
    public long seconds(String key) {
        String value = text(key);
        try {
            char unit = value.charAt(value.length() - 1);
            long multiplier = switch (unit) {
                case 's' -> 1;
                case 'm' -> 60;
                case 'h' -> 3600;
                default -> 0;
            };
            long seconds = multiplier == 0 ? Long.parseLong(value)
                    : Long.parseLong(value.substring(0, value.length() - 1).trim()) * multiplier;
            if (seconds <= 0) {
                throw new NumberFormatException();
            }
            return seconds;
        } catch (RuntimeException e) {
            throw new StartupException("setting " + key + " must be a positive duration like 30m, 20s or 1h, not '"
                    + value + "'");
        }
    }

    /** A number such as 1.8, not negative. */
    public float decimal(String key) {
        String value = text(key);
        try {
            float number = Float.parseFloat(value);
            if (!(number >= 0) || Float.isInfinite(number)) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new StartupException("setting " + key + " must be a number of at least 0 such as 1.8, not '"
                    + value + "'");
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
