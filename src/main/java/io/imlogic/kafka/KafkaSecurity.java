package io.imlogic.kafka;

import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

import java.util.HashMap;
import java.util.Map;

/**
 * Kafka SASL/SSL settings ({@code im.kafka.security-protocol} and the ones beside it), passed through to the producer and to the start-up and health
 * checks alike, so the service never reaches Kafka with the producer while its checks cannot.
 */
public final class KafkaSecurity {

    private final String protocol;
    private final String saslMechanism;
    private final String jaasConfig;
    private final String truststore;
    private final String truststorePassword;

    /**
     * @param protocol           PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
     * @param saslMechanism      used when the protocol is SASL_*: PLAIN, SCRAM-SHA-256, ...
     * @param jaasConfig         the SASL JAAS line; empty: none
     * @param truststore         the SSL trust store file; empty: the JVM's
     * @param truststorePassword that trust store's password
     */
    public KafkaSecurity(String protocol, String saslMechanism, String jaasConfig, String truststore,
                         String truststorePassword) {
        this.protocol = protocol;
        this.saslMechanism = saslMechanism;
        this.jaasConfig = jaasConfig;
        this.truststore = truststore;
        this.truststorePassword = truststorePassword;
    }

    /** Client properties for the Kafka admin clients; only what is set. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        if (protocol.startsWith("SASL")) {
            props.put(SaslConfigs.SASL_MECHANISM, saslMechanism);
            if (!jaasConfig.isEmpty()) {
                props.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig);
            }
        }
        if (!truststore.isEmpty()) {
            props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore);
            props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, truststorePassword);
        }
        return props;
    }

    /** The same settings on camel-kafka's component configuration, which every producer endpoint copies. */
    public void applyTo(KafkaConfiguration configuration) {
        configuration.setSecurityProtocol(protocol);
        if (protocol.startsWith("SASL")) {
            configuration.setSaslMechanism(saslMechanism);
            if (!jaasConfig.isEmpty()) {
                configuration.setSaslJaasConfig(jaasConfig);
            }
        }
        if (!truststore.isEmpty()) {
            configuration.setSslTruststoreLocation(truststore);
            configuration.setSslTruststorePassword(truststorePassword);
        }
    }
}
