package io.imlogic.deploy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** deploy/Dockerfile against the configuration and the Kubernetes manifests that run its image. */
class DockerfileTest {

    private final Manifests deploy = new Manifests();

    @Test
    void exposesTheConfiguredPorts() {
        Set<Integer> exposed = new TreeSet<>();
        for (String ports : deploy.dockerfile("EXPOSE")) {
            for (String port : ports.split("\\s+")) {
                exposed.add(Integer.parseInt(port));
            }
        }
        assertEquals(new TreeSet<>(deploy.containerPorts().values()), exposed);
    }

    @Test
    void layeredNonRootWithJvmOptionsFromTheEnvironment() {
        List<String> copies = deploy.dockerfile("COPY");
        int lib = indexOf(copies, "target/lib/");
        int jar = indexOf(copies, "target/im-logic.jar");
        assertTrue(lib >= 0 && jar > lib, "dependencies are copied (a layer of their own) before the jar: " + copies);
        String user = deploy.dockerfile("USER").get(0);
        assertFalse(user.startsWith("root") || user.startsWith("0"), "non-root user: " + user);
        String entrypoint = deploy.dockerfile("ENTRYPOINT").get(0);
        assertTrue(entrypoint.contains("exec java $JAVA_OPTS -jar"), "JVM options from the environment: " + entrypoint);
        assertTrue(deploy.dockerfileText().contains("-XX:+ExitOnOutOfMemoryError"));
    }

    @Test
    void configRoutesAndJournalAreWhereTheManifestsMountThem() {
        // config/ and routes/ in the working folder are the first place the service looks (io.imlogic.config.Locations)
        String workdir = deploy.dockerfile("WORKDIR").get(0);
        assertEquals(Map.of("config", workdir + "/config", "routes", workdir + "/routes"),
                Map.of("config", deploy.mountOf("config"), "routes", deploy.mountOf("routes")));
        assertTrue(String.join(" ", deploy.dockerfile("VOLUME")).contains(deploy.mountOf("journal")),
                "the journal's folder is a volume in the image too");
        String env = String.join(" ", deploy.dockerfile("ENV"));
        assertTrue(env.contains("IM_JOURNAL_DIR=" + deploy.env("IM_JOURNAL_DIR").path("value").asText()), env);
    }

    @Test
    void everyVariableIsASettingOfTheService() {
        Set<String> known = KubernetesManifestsTest.knownVariables();
        List<String> unknown = new ArrayList<>();
        for (String word : deploy.dockerfileText().split("[\\s=\"]+")) {
            if (word.startsWith("IM_") && !known.contains(word)) {
                unknown.add(word);
            }
        }
        assertEquals(List.of(), unknown, "variables that set nothing");
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
