package io.imlogic.it;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code otel.traces.exporter=memory}: the service's spans kept in this JVM, through the same SDK autoconfiguration
 * production uses (only the exporter differs).
 */
public final class MemorySpanExporterProvider implements ConfigurableSpanExporterProvider {

    /** How many SDKs were built with this exporter: none while tracing is off. */
    static final AtomicInteger CREATED = new AtomicInteger();
    private static volatile InMemorySpanExporter latest;

    @Override
    public String getName() {
        return "memory";
    }

    @Override
    public SpanExporter createExporter(ConfigProperties config) {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        latest = exporter;
        CREATED.incrementAndGet();
        return exporter;
    }

    /** The exporter of the SDK built last. */
    static InMemorySpanExporter latest() {
        return latest;
    }
}
