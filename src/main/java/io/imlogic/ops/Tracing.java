package io.imlogic.ops;

import io.imlogic.pipeline.DeliveryTracing;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * OpenTelemetry tracing, on with {@code im.tracing.enabled}: Camel's own (camel-opentelemetry2) traces the routes,
 * the accept among them, and {@link DeliverySpans} the batches of the pipeline. Off by default, and then nothing is
 * built: no SDK, no Camel tracer or route policy, no trace context on pushes or records.
 *
 * <p>{@link #install} runs before Camel's auto-configuration, where {@code camel.opentelemetry2.enabled} starts
 * Camel's tracer: that tracer looks up a single io.opentelemetry Tracer and ContextPropagators in the registry once,
 * when it initialises, and falls back to GlobalOpenTelemetry (a no-op here) when they are not there yet.
 */
public final class Tracing extends ServiceSupport {

    public static final String ENABLED = "im.tracing.enabled";
    static final String BEAN = "imTracing";

    private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);
    private static final Tracing OFF = new Tracing(null);
    // the SDK keeps 128 links per span unless told otherwise; a batch's span links each of its pushes
    private static final int SDK_LINK_LIMIT = 128;

    private final OpenTelemetrySdk sdk;

    private Tracing(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
    }

    /**
     * When enabled: the SDK from the standard OTEL_* variables (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME, ...)
     * over im-logic's defaults, bound where Camel's tracer finds it, and closed (its queued spans flushed) when Camel
     * stops.
     */
    public static void install(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        if (!flag(properties, ENABLED)) {
            return;
        }
        AtomicReference<ConfigProperties> config = new AtomicReference<>();
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> defaults(properties))
                .addPropertiesCustomizer(merged -> {
                    config.set(merged);
                    return Map.of();
                })
                .disableShutdownHook() // closed with Camel, after the pipeline drained
                .build()
                .getOpenTelemetrySdk();
        Tracing tracing = new Tracing(sdk);
        Registry registry = context.getRegistry();
        registry.bind(BEAN, tracing);
        registry.bind("openTelemetryTracer", sdk.getTracer("camel"));
        registry.bind("openTelemetryPropagators", sdk.getPropagators());
        // the instance camel.opentelemetry2.enabled starts: timer routes (counts refresh, resend checks, discovery
        // renewal) would each make a trace every few seconds with nothing in it
        OpenTelemetryTracer camel = new OpenTelemetryTracer();
        camel.setExcludePatterns("timer:*");
        registry.bind("camelOpenTelemetry", camel);
        context.addService(tracing, true, true);
        LOG.info("tracing on: spans of service {} exported by {}", config.get().getString("otel.service.name"),
                destination(config.get()));
    }

    /** The tracing {@link #install} set up, or one that is off. */
    public static Tracing of(CamelContext context) {
        Tracing tracing = context.getRegistry().lookupByNameAndType(BEAN, Tracing.class);
        return tracing != null ? tracing : OFF;
    }

    public boolean enabled() {
        return sdk != null;
    }

    /** The spans of the pipeline's batches, or none. */
    public DeliveryTracing deliveries() {
        return sdk == null ? DeliveryTracing.OFF
                : new DeliverySpans(sdk.getTracer("io.imlogic.pipeline"), sdk.getPropagators());
    }

    @Override
    protected void doStop() {
        if (sdk != null) {
            sdk.close();
        }
    }

    /**
     * im-logic's defaults; {@code otel.*} keys of the configuration file (or of test overrides) beat them, and the
     * OTEL_* variables and -Dotel.* system properties beat both (the SDK reads those itself).
     */
    private static Map<String, String> defaults(PropertiesComponent properties) {
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.service.name", "im-logic");
        defaults.put("otel.metrics.exporter", "none");
        defaults.put("otel.logs.exporter", "none");
        int batchMax = properties.resolveProperty("im.pipeline.batch-max").map(String::trim).map(Integer::parseInt)
                .orElse(SDK_LINK_LIMIT);
        defaults.put("otel.span.link.count.limit", Integer.toString(Math.max(SDK_LINK_LIMIT, batchMax)));
        for (String name : properties.loadProperties(key -> key.startsWith("otel.")).stringPropertyNames()) {
            properties.resolveProperty(name).ifPresent(value -> defaults.put(name, value.trim()));
        }
        return defaults;
    }

    /** What an operator needs to see at start: where the spans go. */
    private static String destination(ConfigProperties config) {
        String exporter = config.getString("otel.traces.exporter", "otlp");
        if (!exporter.contains("otlp")) {
            return exporter;
        }
        String endpoint = config.getString("otel.exporter.otlp.traces.endpoint",
                config.getString("otel.exporter.otlp.endpoint"));
        return exporter + " to " + (endpoint != null ? endpoint : "the default endpoint, localhost:4317 (gRPC)");
    }

    private static boolean flag(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::trim).map(Boolean::parseBoolean).orElse(false);
    }
}
