package io.imlogic;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packages of {@code src/main} depend one way, bottom to top, as the README's Design section walks them. Read
 * from the compiled classes by {@code jdeps}, so that an import the compiler keeps is seen and a javadoc link is not.
 */
class PackageDependenciesTest {

    private static final String ROOT = "io.imlogic";

    /** Bottom to top; a package may depend on its own layer and the ones below. "" is {@code io.imlogic} itself. */
    private static final List<Layer> LAYERS = List.of(
            new Layer("the request and message model", "push"),
            new Layer("adapters", "redis", "kafka", "journal", "discovery"),
            new Layer("domain", "session", "online", "nodes", "pipeline"),
            new Layer("APIs", "api", "grpc"),
            new Layer("wiring and operations", "ops", "config", ""));

    private record Layer(String name, Set<String> packages) {
        Layer(String name, String... packages) {
            this(name, Set.of(packages));
        }
    }

    private static final Pattern EDGE = Pattern.compile("^\\s*(\\S+)\\s+->\\s+(\\S+)\\s");

    /** Package (relative to io.imlogic) → the other io.imlogic packages it uses. */
    private static Map<String, Set<String>> edges;

    @BeforeAll
    static void readDependencies() throws URISyntaxException {
        Path classes = Path.of(ImLogic.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new IllegalStateException(
                "jdeps is missing: run the tests on a JDK, not a JRE"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package",
                "-e", Pattern.quote(ROOT) + "(\\..*)?", classes.toString());
        assertEquals(0, code, "jdeps failed: " + err);
        edges = parse(out.toString());
        assertTrue(edges.containsKey("api") && edges.get("api").contains("push"),
                "jdeps output not understood (no api -> push):\n" + out);
    }

    static Map<String, Set<String>> parse(String jdepsOutput) {
        Map<String, Set<String>> parsed = new TreeMap<>();
        for (String line : jdepsOutput.split("\\R")) {
            Matcher edge = EDGE.matcher(line);
            if (!edge.find() || !isOurs(edge.group(1)) || !isOurs(edge.group(2))) {
                continue;
            }
            String from = relative(edge.group(1));
            String to = relative(edge.group(2));
            if (!from.equals(to)) {
                parsed.computeIfAbsent(from, p -> new TreeSet<>()).add(to);
            }
        }
        return parsed;
    }

    @Test
    void everyPackageHasItsPlaceInALayer() {
        Set<String> packages = new TreeSet<>(edges.keySet());
        edges.values().forEach(packages::addAll);
        packages.removeIf(p -> layerOf(p) >= 0);
        assertTrue(packages.isEmpty(), "packages in no layer (add them to LAYERS and to the README's Design): "
                + packages);
    }

    @Test
    void noPackageDependsOnAHigherLayer() {
        List<String> upwards = new ArrayList<>();
        edges.forEach((from, targets) -> targets.forEach(to -> {
            int fromLayer = layerOf(from);
            int toLayer = layerOf(to);
            if (fromLayer >= 0 && toLayer > fromLayer) {
                upwards.add(name(from) + " (" + LAYERS.get(fromLayer).name() + ") -> " + name(to) + " ("
                        + LAYERS.get(toLayer).name() + ")");
            }
        }));
        assertTrue(upwards.isEmpty(), "dependencies on a higher layer:\n  " + String.join("\n  ", upwards));
    }

    @Test
    void noPackageCycle() {
        List<Tangle> tangles = tangles(edges);
        if (!tangles.isEmpty()) {
            StringBuilder message = new StringBuilder("package cycles (cut an edge of each):");
            tangles.forEach(tangle -> message.append("\n  ")
                    .append(String.join(" -> ", tangle.shortestCycle().stream().map(PackageDependenciesTest::name)
                            .toList()))
                    .append("   (packages in this tangle: ")
                    .append(String.join(", ", tangle.packages().stream().map(PackageDependenciesTest::name).toList()))
                    .append(')'));
            fail(message.toString());
        }
    }

    @Test
    void aBackEdgeIsCaughtAsACycleAndNamed() {
        Map<String, Set<String>> withBackEdge = new HashMap<>();
        edges.forEach((from, targets) -> withBackEdge.put(from, new TreeSet<>(targets)));
        withBackEdge.computeIfAbsent("push", p -> new TreeSet<>()).add("api");
        List<Tangle> tangles = tangles(withBackEdge);
        assertTrue(tangles.stream().anyMatch(tangle -> tangle.packages().containsAll(Set.of("push", "api"))),
                "a push -> api edge must close a cycle: " + tangles);
        assertEquals(List.of(new Tangle(List.of("b", "c", "b"), new TreeSet<>(Set.of("a", "b", "c")))),
                tangles(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "b"))));
    }

    /** Packages that all reach each other, and the shortest cycle among them (its first package repeated last). */
    record Tangle(List<String> shortestCycle, Set<String> packages) {
    }

    static List<Tangle> tangles(Map<String, Set<String>> graph) {
        List<Tangle> found = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (String node : new TreeSet<>(graph.keySet())) {
            if (placed.contains(node) || !reachable(graph, node).contains(node)) {
                continue;
            }
            Set<String> tangle = new TreeSet<>();
            for (String other : reachable(graph, node)) {
                if (reachable(graph, other).contains(node)) {
                    tangle.add(other);
                }
            }
            List<String> shortest = null;
            for (String member : tangle) {
                List<String> cycle = shortestPath(graph, member, member);
                if (shortest == null || cycle.size() < shortest.size()) {
                    shortest = cycle;
                }
            }
            found.add(new Tangle(shortest, tangle));
            placed.addAll(tangle);
        }
        return found;
    }

    /** What {@code from} reaches through one edge or more. */
    private static Set<String> reachable(Map<String, Set<String>> graph, String from) {
        Set<String> seen = new TreeSet<>();
        ArrayDeque<String> next = new ArrayDeque<>(graph.getOrDefault(from, Set.of()));
        while (!next.isEmpty()) {
            String node = next.poll();
            if (seen.add(node)) {
                next.addAll(graph.getOrDefault(node, Set.of()));
            }
        }
        return seen;
    }

    /** The fewest edges from {@code from} to {@code to} (at least one), breadth first; both ends included. */
    private static List<String> shortestPath(Map<String, Set<String>> graph, String from, String to) {
        Map<String, String> cameFrom = new HashMap<>();
        ArrayDeque<String> next = new ArrayDeque<>(List.of(from));
        while (!next.isEmpty()) {
            String node = next.poll();
            for (String target : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
                if (target.equals(to)) {
                    List<String> path = new ArrayList<>(List.of(to));
                    for (String step = node; !step.equals(from); step = cameFrom.get(step)) {
                        path.add(0, step);
                    }
                    path.add(0, from);
                    return path;
                }
                if (!cameFrom.containsKey(target) && !target.equals(from)) {
                    cameFrom.put(target, node);
                    next.add(target);
                }
            }
        }
        return null;
    }

    private static int layerOf(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).packages().contains(pkg)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isOurs(String pkg) {
        return pkg.equals(ROOT) || pkg.startsWith(ROOT + ".");
    }

    private static String relative(String pkg) {
        return pkg.equals(ROOT) ? "" : pkg.substring(ROOT.length() + 1);
    }

    private static String name(String relative) {
        return relative.isEmpty() ? ROOT : relative;
    }
}
