package io.imlogic.config;

import io.imlogic.ops.Tracing;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

import java.util.List;

/**
 * Puts im-logic's wiring into a Camel Main: the configuration file, and the configuration classes that make the
 * beans the routes call, one per concern.
 *
 * <p>Camel Main injects each configuration's {@code @PropertyInject} fields, then calls its {@code @BindToRegistry}
 * methods, a configuration at a time in the order of {@link #configurations}, then their {@code configure} methods
 * in the same order. A method's parameters are looked up in the registry when it is called, so they are beans of
 * earlier configurations, or of methods of its own class that Camel calls before it: those without parameters, and
 * those whose parameters no other method of the class makes (Camel sorts a class's methods that way;
 * {@code ConfigurationOrderTest} keeps every class within it). Instances, not classes, are given to Camel Main: a
 * class given by name is injected twice, once when Camel makes it and once with the instances, and its methods run
 * twice.
 *
 * <p>A setting that must be in the configuration is injected by its key, {@code @PropertyInject("im.http.port")};
 * one that may be left out (those older configuration files lack) with Camel's placeholder default,
 * {@code @PropertyInject("{{im.redis.username:}}")}. {@link SettingsCheck} checks both kinds first.
 */
public final class Bootstrap extends MainListenerSupport {

    private final Locations locations;
    private final Lifecycle lifecycle = new Lifecycle();

    private Bootstrap(Locations locations) {
        this.locations = locations;
    }

    /** @return the lifecycle, whose {@link Lifecycle#drain} the service calls before stopping Camel */
    public static Lifecycle install(Main main, Locations locations) {
        Bootstrap bootstrap = new Bootstrap(locations);
        main.setPropertyPlaceholderLocations("file:" + locations.configFile());
        main.bind(Locations.BEAN, locations);
        main.addMainListener(bootstrap);
        configurations(bootstrap.lifecycle).forEach(main.configure()::addConfiguration);
        return bootstrap.lifecycle;
    }

    /** In the order Camel runs them: the checks first, each concern after those whose beans it takes. */
    static List<CamelConfiguration> configurations(Lifecycle lifecycle) {
        return List.of(new StartupChecks(), new RedisConfiguration(), new KafkaConfiguration(),
                new PipelineConfiguration(), new HttpApiConfiguration(), new OnlineConfiguration(),
                new CometConfiguration(), new OperationsConfiguration(), lifecycle);
    }

    /** Before camel.main.* are read: the routes folder in them goes through {{im-path:...}}. */
    @Override
    public void beforeInitialize(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        properties.addPropertiesFunction(new PathFunction(properties, locations));
    }

    /**
     * Before Camel's auto-configuration: the settings are checked before camel.* binds any of them or any
     * configuration is injected, and tracing is up before camel.opentelemetry2.* start Camel's tracer, which looks
     * for the SDK's tracer once.
     */
    @Override
    public void beforeConfigure(BaseMainSupport main) {
        GoDuration.register(main.getCamelContext());
        SettingsCheck.check(main.getCamelContext(), main.configure().getConfigurations());
        try {
            Tracing.install(main.getCamelContext());
        } catch (Exception e) {
            throw new StartupException("tracing cannot start (" + e.getMessage() + "); check IM_TRACING_ENABLED "
                    + "and the OTEL_* variables", e);
        }
    }
}
