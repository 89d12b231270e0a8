package io.imlogic.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.ReloadStrategy;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the last version of every route file that loaded, and puts it back when a reload fails after Camel already
 * removed that file's routes (a file that parses but names an unknown endpoint): the previous routes keep serving.
 * A file that does not even parse never loses its routes, Camel checks that first.
 *
 * <p>Runs once a second on its own thread; logs each failure once, at ERROR, with file, line and column.
 */
public final class RouteReloadGuard {

    private static final Logger LOG = LoggerFactory.getLogger(RouteReloadGuard.class);

    private final CamelContext context;
    private final ReloadStrategy reload;
    private final Path folder;
    private final Map<Path, String> lastGood = new java.util.concurrent.ConcurrentHashMap<>();
    private Exception handled;

    public RouteReloadGuard(CamelContext context, ReloadStrategy reload, Path folder) {
        this.context = context;
        this.reload = reload;
        this.folder = folder;
        lastGood.putAll(read());
    }

    /**
     * Remembers a file as good the moment Camel reports its routes reloaded: the event fires on the reload thread
     * right after the file was loaded, before anyone could break it again.
     */
    public EventNotifierSupport goodFileListener() {
        return new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                Resource source = ((CamelEvent.RouteReloadedEvent) event).getRoute().getSourceResource();
                if (source != null && source.getLocation() != null) {
                    Path file = Path.of(source.getLocation().replaceFirst("^file:", "")).toAbsolutePath().normalize();
                    remember(file);
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.RouteReloadedEvent;
            }
        };
    }

    /** One watch step: report a failed reload once, and repair it when Camel dropped the file's routes. */
    public synchronized void check() {
        Exception error = reload.getLastError();
        if (error == null || error == handled) {
            return;
        }
        handled = error;
        String problem = RouteReloadHealthCheck.describe(error);
        // Camel's error does not always name the file: the files that differ from their last good version do
        Map<Path, String> changed = changedFiles();
        if (changed.isEmpty()) {
            LOG.error("route reload failed: {}", problem);
        }
        changed.keySet().forEach(file -> restoreIfGone(file, problem));
    }

    private Map<Path, String> changedFiles() {
        Map<Path, String> changed = new HashMap<>();
        read().forEach((file, content) -> {
            if (!content.equals(lastGood.get(file))) {
                changed.put(file, content);
            }
        });
        return changed;
    }

    private void restoreIfGone(Path file, String problem) {
        String good = lastGood.get(file);
        boolean routesGone = context.getRoutes().stream().noneMatch(route -> isFrom(route, file));
        if (good == null || !routesGone) {
            LOG.error("route reload of {} failed, its previous routes still serve: {}", file.getFileName(), problem);
            return;
        }
        try {
            // the same location Camel loaded it from, so the next reload of the file replaces these routes
            Resource previous = ResourceHelper.fromString("file:" + folder.resolve(file.getFileName()), good);
            Set<String> restored = PluginHelper.getRoutesLoader(context).updateRoutes(Set.of(previous));
            LOG.error("route reload of {} failed; restored its previous routes {}: {}", file.getFileName(), restored,
                    problem);
        } catch (Exception e) {
            LOG.error("route reload of {} failed and its previous routes could not be restored ({}): {}",
                    file.getFileName(), e.getMessage(), problem);
        }
    }

    private static boolean isFrom(Route route, Path file) {
        Resource source = route.getSourceResource();
        return source != null && source.getLocation() != null
                && source.getLocation().endsWith(file.getFileName().toString());
    }

    private synchronized void remember(Path file) {
        try {
            lastGood.put(file, Files.readString(file));
        } catch (IOException e) {
            LOG.warn("cannot read the reloaded route file {}: {}", file, e.getMessage());
        }
    }

    private Map<Path, String> read() {
        Map<Path, String> contents = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.camel.yaml")) {
            for (Path file : files) {
                contents.put(file.toAbsolutePath().normalize(), Files.readString(file));
            }
        } catch (IOException e) {
            LOG.warn("cannot read the route folder {}: {}", folder, e.getMessage());
        }
        return contents;
    }
}
