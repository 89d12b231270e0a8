package io.imlogic.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The least value a numeric setting may have, beside its {@code @PropertyInject}: {@link SettingsCheck} refuses a
 * smaller one at start-up, naming the setting.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface AtLeast {
    long value();
}
