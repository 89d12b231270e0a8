package io.imlogic.config;

import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.impl.engine.CamelPostProcessorHelper;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks every setting the configuration classes inject, before Camel injects any. Each {@code @PropertyInject}
 * field declares its setting's key and type (and with {@link AtLeast} its least value); a value that is missing,
 * not of that type or too small stops the start-up with one line naming the setting and its IM_* variable, where
 * Camel's injection would fail with a type-conversion stack trace naming neither. The values are converted the way
 * Camel's injection converts them, by Camel's own helper, so what passes here injects.
 */
final class SettingsCheck {

    /** {@code {{key}}}, {@code {{key:default}}} or {@code {{im-path:key}}}. */
    private static final Pattern EXPRESSION = Pattern.compile(
            "\\{\\{(?:" + Pattern.quote(PathFunction.NAME) + ":)?([^:}]+)(?::[^}]*)?}}");

    private SettingsCheck() {
    }

    static void check(CamelContext context, Collection<?> configurations) {
        CamelPostProcessorHelper injection = new CamelPostProcessorHelper(context);
        for (Object configuration : configurations) {
            for (Field field : configuration.getClass().getDeclaredFields()) {
                PropertyInject inject = field.getAnnotation(PropertyInject.class);
                if (inject == null) {
                    continue;
                }
                String key = key(inject.value());
                Object value;
                try {
                    value = injection.getInjectionPropertyValue(field.getType(), field.getGenericType(),
                            inject.value(), inject.defaultValue(), inject.separator());
                } catch (RuntimeException e) {
                    StartupException startup = StartupException.findIn(e);
                    throw startup != null ? startup : explain(context, key, field.getType());
                }
                AtLeast least = field.getAnnotation(AtLeast.class);
                if (least != null) {
                    checkAtLeast(key, (Number) value, least.value());
                }
            }
        }
    }

    /** The key of {@code im.x}, {@code {{im.x:default}}} or {@code {{im-path:im.x}}}. */
    static String key(String injected) {
        Matcher expression = EXPRESSION.matcher(injected.trim());
        return expression.matches() ? expression.group(1).trim() : injected.trim();
    }

    /** IM_HTTP_PORT for im.http.port: how Camel's properties component finds a setting in the environment. */
    static String variable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static StartupException explain(CamelContext context, String key, Class<?> type) {
        String raw = context.getPropertiesComponent().resolveProperty(key).orElse(null);
        if (raw == null) {
            return new StartupException("setting " + key + " is missing from the configuration (" + variable(key)
                    + ")");
        }
        return new StartupException("setting " + key + " (" + variable(key) + ") must be " + expected(type)
                + ", not '" + raw + "'");
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        } else if (type == float.class || type == Float.class || type == double.class || type == Double.class) {
            return "a number such as 1.8";
        } else if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        } else if (type == GoDuration.class) {
            return GoDuration.EXPECTED;
        }
        return "a " + type.getSimpleName();
    }

    private static void checkAtLeast(String key, Number value, long least) {
        double number = value.doubleValue();
        if (number >= least && !Double.isInfinite(number)) {
            return;
        }
        throw new StartupException("setting " + key + " (" + variable(key) + ") must be "
                + (least == 1 ? "positive" : "at least " + least) + ", not " + value);
    }
}
