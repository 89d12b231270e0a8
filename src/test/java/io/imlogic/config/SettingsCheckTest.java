package io.imlogic.config;

import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A wrong setting is refused with one line naming it and its variable, whatever its type. */
class SettingsCheckTest {

    static final class Settings {
        @PropertyInject("im.t.count")
        @AtLeast(1)
        int count;
        @PropertyInject("im.t.bytes")
        @AtLeast(0)
        long bytes;
        @PropertyInject("im.t.flag")
        boolean flag;
        @PropertyInject("im.t.factor")
        @AtLeast(0)
        float factor;
        @PropertyInject("im.t.expire")
        GoDuration expire;
        @PropertyInject("{{im.t.optional:fallback}}")
        String optional;
        String notASetting;
    }

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void stop() {
        context.stop();
    }

    private void check(String... keysAndValues) {
        Properties values = new Properties();
        values.putAll(java.util.Map.of("im.t.count", "4", "im.t.bytes", "0", "im.t.flag", "true",
                "im.t.factor", "1.8", "im.t.expire", "30m"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] == null) {
                values.remove(keysAndValues[i]);
            } else {
                values.setProperty(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        context.getPropertiesComponent().setInitialProperties(values);
        GoDuration.register(context);
        SettingsCheck.check(context, List.of(new Settings()));
    }

    private String refusal(String... keysAndValues) {
        return assertThrows(StartupException.class, () -> check(keysAndValues)).getMessage();
    }

    @Test
    void rightValuesPass() {
        assertDoesNotThrow(() -> check());
    }

    @Test
    void eachWrongValueIsNamedWithItsVariable() {
        assertEquals("setting im.t.count (IM_T_COUNT) must be a whole number, not 'four'",
                refusal("im.t.count", "four"));
        assertEquals("setting im.t.count (IM_T_COUNT) must be positive, not 0", refusal("im.t.count", "0"));
        assertEquals("setting im.t.bytes (IM_T_BYTES) must be at least 0, not -1", refusal("im.t.bytes", "-1"));
        assertEquals("setting im.t.flag (IM_T_FLAG) must be true or false, not 'yes'", refusal("im.t.flag", "yes"));
        assertEquals("setting im.t.factor (IM_T_FACTOR) must be a number such as 1.8, not 'x'",
                refusal("im.t.factor", "x"));
        assertEquals("setting im.t.factor (IM_T_FACTOR) must be at least 0, not NaN", refusal("im.t.factor", "NaN"));
        assertEquals("setting im.t.expire (IM_T_EXPIRE) must be a positive duration like 30m, 20s or 1h, not '30x'",
                refusal("im.t.expire", "30x"));
        assertEquals("setting im.t.expire (IM_T_EXPIRE) must be a positive duration like 30m, 20s or 1h, not '0s'",
                refusal("im.t.expire", "0s"));
    }

    @Test
    void aMissingSettingIsNamedUnlessItHasADefault() {
        assertEquals("setting im.t.count is missing from the configuration (IM_T_COUNT)", refusal("im.t.count", null));
        assertDoesNotThrow(() -> check("im.t.optional", null));
    }

    @Test
    void keysOfExpressions() {
        assertEquals("im.journal.dir", SettingsCheck.key("{{im-path:im.journal.dir}}"));
        assertEquals("im.redis.mode", SettingsCheck.key("{{im.redis.mode:single}}"));
        assertEquals("im.http.port", SettingsCheck.key("im.http.port"));
        assertEquals("IM_MAX_MSG_BYTES", SettingsCheck.variable("im.max-msg-bytes"));
    }

    @Test
    void goimDurations() {
        assertEquals(1800, GoDuration.parse("30m").seconds());
        assertEquals(20, GoDuration.parse(" 20s ").seconds());
        assertEquals(3600, GoDuration.parse("1h").seconds());
        assertEquals(45, GoDuration.parse("45").seconds(), "a plain number is seconds, as goim reads it");
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("-1m"));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(""));
    }
}
