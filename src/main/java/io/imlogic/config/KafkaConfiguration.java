package io.imlogic.config;

import io.imlogic.kafka.KafkaSecurity;
import io.imlogic.kafka.PushMessageFormat;
import io.imlogic.kafka.PushRecords;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.kafka.KafkaComponent;

/**
 * Kafka: how records are encoded, and the SASL/SSL settings, which the producer (camel-kafka's component), the
 * start-up check and the health check all use. The producer's other settings are {@code camel.component.kafka.*}
 * in the configuration file.
 */
public final class KafkaConfiguration implements CamelConfiguration {

    @PropertyInject("{{im.kafka.security-protocol:PLAINTEXT}}")
    String protocol;
    @PropertyInject("{{im.kafka.sasl-mechanism:PLAIN}}")
    String saslMechanism;
    @PropertyInject("{{im.kafka.sasl-jaas-config:}}")
    String jaasConfig;
    @PropertyInject("{{im.kafka.ssl-truststore-location:}}")
    String truststore;
    @PropertyInject("{{im.kafka.ssl-truststore-password:}}")
    String truststorePassword;
    @PropertyInject("im.kafka.format")
    String format;

    @BindToRegistry("kafkaSecurity")
    public KafkaSecurity kafkaSecurity() {
        return new KafkaSecurity(protocol, saslMechanism, jaasConfig, truststore, truststorePassword);
    }

    @BindToRegistry("pushMessageFormat")
    public PushMessageFormat pushMessageFormat() {
        return new PushMessageFormat(StartupChecks.valid(() -> PushMessageFormat.encoding(format)));
    }

    @BindToRegistry("pushRecords")
    public PushRecords pushRecords(PushMessageFormat format) {
        return new PushRecords(format);
    }

    /** On the component's configuration, which every producer endpoint copies. */
    @Override
    public void configure(CamelContext context) {
        context.getRegistry().findSingleByType(KafkaSecurity.class)
                .applyTo(context.getComponent("kafka", KafkaComponent.class).getConfiguration());
    }
}
