package io.imlogic.kafka;

import io.imlogic.push.PushMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.component.jackson.JacksonDataFormat;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/**
 * The Kafka record value: JSON through camel-jackson (im-cloud's shape, the default) or goim's protobuf
 * {@code PushMsg}, chosen by {@code im.kafka.format}.
 */
public final class PushMessageFormat extends ServiceSupport implements DataFormat, CamelContextAware {

    /** Payload encodings a job node can consume. */
    public enum Encoding { JSON, PROTOBUF }

    private final Encoding encoding;
    private final JacksonDataFormat json = new JacksonDataFormat(PushMessage.class);
    private CamelContext camelContext;

    public PushMessageFormat(Encoding encoding) {
        this.encoding = encoding;
    }

    /** Parses {@code json} or {@code protobuf}, case-insensitively, with a message that names the setting. */
    public static Encoding encoding(String name) {
        try {
            return Encoding.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("im.kafka.format must be json or protobuf, not '" + name + "'");
        }
    }

    public Encoding encoding() {
        return encoding;
    }

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) throws Exception {
        if (encoding == Encoding.PROTOBUF) {
            stream.write(PushMsgProtobuf.encode((PushMessage) graph));
        } else {
            json.marshal(exchange, graph, stream);
        }
    }

    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) throws Exception {
        if (encoding == Encoding.PROTOBUF) {
            throw new UnsupportedOperationException("im-logic writes PushMsg, it does not read it");
        }
        return json.unmarshal(exchange, stream);
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        json.setCamelContext(camelContext);
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    protected void doStart() {
        ServiceHelper.startService(json);
    }

    @Override
    protected void doStop() {
        ServiceHelper.stopService(json);
    }
}
