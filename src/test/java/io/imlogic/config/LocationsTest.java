package io.imlogic.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configuration file's lookup order and the folder relative paths are taken from. */
class LocationsTest {

    @TempDir
    Path root;

    @Test
    void explicitFileWinsAndRelativePathsFollowTheWorkingFolder() throws IOException {
        Path work = folder("work");
        config(work);
        Path explicit = Files.writeString(folder("etc").resolve("im.properties"), "");
        Locations found = Locations.find(Map.of("IM_CONFIG_FILE", explicit.toString()), work, Optional.empty());
        assertEquals(explicit, found.configFile());
        assertEquals(work.resolve("routes"), found.resolve("routes"));
    }

    @Test
    void workingFolderComesBeforeTheJarsFolders() throws IOException {
        Path work = folder("work");
        config(work);
        Path install = folder("install");
        config(install);
        Locations found = Locations.find(Map.of(), work, Optional.of(jar(install.resolve("app"))));
        assertEquals(work.resolve("config/application.properties"), found.configFile());
        assertEquals(work.resolve("routes"), found.resolve("routes"));
    }

    @Test
    void configNextToTheJar() throws IOException {
        Path app = folder("install/app");
        config(app);
        Locations found = Locations.find(Map.of(), folder("elsewhere"), Optional.of(jar(app)));
        assertEquals(app.resolve("config/application.properties"), found.configFile());
        assertEquals(app.resolve("routes"), found.resolve("routes"));
    }

    @Test
    void configAboveTheJarsFolderAsInTheBuild() throws IOException {
        Path project = folder("project");
        config(project);
        Locations found = Locations.find(Map.of(), folder("elsewhere"), Optional.of(jar(project.resolve("target"))));
        assertEquals(project.resolve("config/application.properties"), found.configFile());
        assertEquals(project.resolve("routes"), found.resolve("routes"));
        assertEquals(project.resolve("data/journal"), found.resolve("data/journal"));
        assertEquals(Path.of("/srv/routes"), found.resolve("/srv/routes"), "absolute paths stay as they are");
    }

    @Test
    void missingConfigurationNamesEveryPlaceTried() throws IOException {
        Path work = folder("work");
        Path target = folder("project/target");
        StartupException error = assertThrows(StartupException.class,
                () -> Locations.find(Map.of(), work, Optional.of(jar(target))));
        assertTrue(error.getMessage().contains(work.resolve("config/application.properties").toString()), error.getMessage());
        assertTrue(error.getMessage().contains(target.resolve("config/application.properties").toString()), error.getMessage());
        assertTrue(error.getMessage().contains(root.resolve("project/config/application.properties").toString()),
                error.getMessage());
        assertTrue(error.getMessage().contains("IM_CONFIG_FILE"), error.getMessage());
        assertThrows(StartupException.class,
                () -> Locations.find(Map.of("IM_CONFIG_FILE", "nope.properties"), work, Optional.empty()));
    }

    private Path folder(String relative) throws IOException {
        return Files.createDirectories(root.resolve(relative));
    }

    private static void config(Path home) throws IOException {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/application.properties"), "im.http.port = 3111\n");
    }

    private static Path jar(Path folder) throws IOException {
        Files.createDirectories(folder);
        return Files.writeString(folder.resolve("im-logic.jar"), "");
    }
}
