package io.imlogic.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every im.* setting has a comment in the properties file and its environment variable in the README table. */
class ConfigurationDocumentedTest {

    @Test
    void everySettingIsCommentedAndInTheReadme() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("config/application.properties"))) {
            properties.load(reader);
        }
        List<String> lines = Files.readAllLines(Path.of("config/application.properties"));
        String readme = Files.readString(Path.of("README.md"));
        List<String> undocumented = new ArrayList<>();
        for (String key : properties.stringPropertyNames()) {
            if (!key.startsWith("im.")) {
                continue;
            }
            String variable = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            if (!readme.contains("`" + variable + "`")) {
                undocumented.add(variable + " (README)");
            }
            int line = indexOfKey(lines, key);
            if (line < 1 || !lines.get(line - 1).startsWith("#")) {
                undocumented.add(key + " (no comment above it)");
            }
        }
        assertEquals(List.of(), undocumented);
    }

    private static int indexOfKey(List<String> lines, String key) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("^" + java.util.regex.Pattern.quote(key) + "\\s*=.*")) {
                return i;
            }
        }
        return -1;
    }
}
