package io.imlogic.ops;

import io.imlogic.push.PushCounters;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every meter the service exports is in the README's table under both its names, and no name is used twice. */
class MetersDocumentedTest {

    private static List<Meter> all() {
        List<Meter> meters = new ArrayList<>(ServiceMeters.of(new PushCounters(), null, null, null, null));
        meters.add(ServiceMeters.reloadFailing(null));
        return meters;
    }

    @Test
    void everyMeterIsInTheReadmeUnderBothNames() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        List<String> missing = new ArrayList<>();
        for (Meter meter : all()) {
            String prometheus = meter.metric().replace('.', '_') + (meter.kind() == Meter.Kind.COUNTER ? "_total" : "");
            if (!readme.contains("`" + prometheus + "`") && !readme.contains("`" + prometheus + "{")) {
                missing.add(prometheus);
            }
            if (!readme.contains("`" + meter.attribute() + "`")) {
                missing.add(meter.attribute());
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void eachJmxAttributeOnce() {
        Set<String> seen = new HashSet<>();
        List<String> twice = all().stream().map(Meter::attribute).filter(a -> !seen.add(a)).toList();
        assertEquals(List.of(), twice);
    }
}
