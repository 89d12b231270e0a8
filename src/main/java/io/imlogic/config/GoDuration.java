package io.imlogic.config;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.TypeConversionException;
import org.apache.camel.support.TypeConverterSupport;

import java.time.Duration;

/**
 * A duration as goim writes them ({@code 30m}, {@code 20s}, {@code 1h}) or plain seconds; always positive. A
 * {@code @PropertyInject} field of this type gets it through Camel's type converters ({@link #register}).
 * (Camel's own String-to-Duration conversion reads a plain number as milliseconds, goim's settings as seconds.)
 */
public record GoDuration(long seconds) {

    static final String EXPECTED = "a positive duration like 30m, 20s or 1h";

    public Duration duration() {
        return Duration.ofSeconds(seconds);
    }

    /** @throws IllegalArgumentException when the text is not {@value #EXPECTED} */
    public static GoDuration parse(String text) {
        String value = text.trim();
        try {
            long multiplier = switch (value.charAt(value.length() - 1)) {
                case 's' -> 1;
                case 'm' -> 60;
                case 'h' -> 3600;
                default -> 0;
            };
            long seconds = multiplier == 0 ? Long.parseLong(value)
                    : Math.multiplyExact(Long.parseLong(value.substring(0, value.length() - 1).trim()), multiplier);
            if (seconds > 0) {
                return new GoDuration(seconds);
            }
        } catch (RuntimeException e) {
            // described below
        }
        throw new IllegalArgumentException("not " + EXPECTED + ": '" + text + "'");
    }

    /** Teaches Camel's type converters the conversion from text, before any setting is injected. */
    static void register(CamelContext context) {
        context.getTypeConverterRegistry().addTypeConverter(GoDuration.class, String.class,
                new TypeConverterSupport() {
                    @Override
                    public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
                        try {
                            return type.cast(parse((String) value));
                        } catch (IllegalArgumentException e) {
                            throw new TypeConversionException(value, type, e);
                        }
                    }
                });
    }
}
