package io.imlogic.config;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the service finds its configuration file, and the folder its relative paths (the routes folder, the
 * journal folder) are resolved against, so that {@code java -jar /somewhere/im-logic.jar} works from any working
 * folder.
 *
 * <p>The configuration file is the first of:
 * <ol>
 *   <li>{@code IM_CONFIG_FILE} (relative to the working folder); relative paths then resolve against the working
 *       folder too;</li>
 *   <li>{@code ./config/application.properties} in the working folder (the project folder, a container's WORKDIR);</li>
 *   <li>{@code config/application.properties} next to the jar;</li>
 *   <li>{@code ../config/application.properties} from the jar's folder (the build's {@code target/im-logic.jar}, an
 *       install's {@code app/im-logic.jar}).</li>
 * </ol>
 * In the last three cases the folder holding {@code config/} is the home: {@code routes} means {@code <home>/routes}.
 */
public final class Locations {

    /** Name under which the service's registry holds this object. */
    public static final String BEAN = "imLocations";
    public static final String CONFIG_FILE_VARIABLE = "IM_CONFIG_FILE";
    static final Path DEFAULT_CONFIG = Path.of("config", "application.properties");

    private final Path configFile;
    private final Path home;

    Locations(Path configFile, Path home) {
        this.configFile = configFile.toAbsolutePath().normalize();
        this.home = home.toAbsolutePath().normalize();
    }

    /** The locations of this process: its environment, working folder and the jar it runs from (if any). */
    public static Locations ofThisProcess() {
        return find(System.getenv(), Path.of("").toAbsolutePath(), jarOf(Locations.class));
    }

    /** @throws StartupException naming every place tried when no configuration file is found */
    static Locations find(Map<String, String> env, Path workingFolder, Optional<Path> jar) {
        String explicit = env.get(CONFIG_FILE_VARIABLE);
        if (explicit != null && !explicit.isBlank()) {
            Path file = workingFolder.resolve(explicit.trim());
            if (!Files.isRegularFile(file)) {
                throw new StartupException("configuration file " + file + " (" + CONFIG_FILE_VARIABLE + ") not found");
            }
            return new Locations(file, workingFolder);
        }
        List<Path> homes = new ArrayList<>();
        homes.add(workingFolder);
        jar.map(Path::getParent).ifPresent(folder -> {
            homes.add(folder);
            if (folder.getParent() != null) {
                homes.add(folder.getParent());
            }
        });
        List<String> tried = new ArrayList<>();
        for (Path home : homes) {
            Path file = home.resolve(DEFAULT_CONFIG);
            if (Files.isRegularFile(file)) {
                return new Locations(file, home);
            }
            tried.add(file.toAbsolutePath().normalize().toString());
        }
        throw new StartupException("no configuration file: tried " + String.join(", ", tried)
                + "; set " + CONFIG_FILE_VARIABLE);
    }

    public Path configFile() {
        return configFile;
    }

    /** The folder relative paths of the configuration are resolved against. */
    public Path home() {
        return home;
    }

    /** An absolute path stays as it is; a relative one is taken from {@link #home()}. */
    public Path resolve(String path) {
        return home.resolve(path.trim()).normalize();
    }

    /** The jar a class was loaded from; empty when it comes from a classes folder (tests, the dev launcher). */
    static Optional<Path> jarOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(location) ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
