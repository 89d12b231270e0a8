package io.imlogic.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.imlogic.push.MsgBytes;
import io.imlogic.push.PushMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON record value, im-cloud's shape: {@code {"type","operation","speed"?,"server"?,"room"?,"keys"?,"msg"}},
 * absent fields left out.
 *
 * <p>{@code msg} is a JSON string when the message is UTF-8 text, the common case and what JSON consumers read as
 * they always did. Other bytes (a business server's own binary payload) cannot be a JSON string: they are written as
 * base64 and the record says so with {@code "msgEncoding":"base64"}, so a consumer never mistakes one for the other.
 *
 * <p>Written with Jackson's streaming generator: the UTF-8 bytes go out as they are, escaped but never decoded.
 */
final class PushMsgJson {

    /** The marker field of a base64 {@code msg}, and its value. */
    static final String ENCODING_FIELD = "msgEncoding";
    static final String BASE64 = "base64";

    private static final JsonFactory JSON = new JsonFactory();

    private PushMsgJson() {
    }

    static byte[] encode(PushMessage message) {
        byte[] msg = message.msg();
        ByteArrayOutputStream out = new ByteArrayOutputStream(96 + msg.length * 4 / 3
                + (message.keys() == null ? 0 : message.keys().size() * 24));
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", message.type().name());
            json.writeNumberField("operation", message.operation());
            if (message.speed() != null) {
                json.writeNumberField("speed", message.speed());
            }
            if (message.server() != null) {
                json.writeStringField("server", message.server());
            }
            if (message.room() != null) {
                json.writeStringField("room", message.room());
            }
            if (message.keys() != null) {
                json.writeArrayFieldStart("keys");
                for (String key : message.keys()) {
                    json.writeString(key);
                }
                json.writeEndArray();
            }
            json.writeFieldName("msg");
            if (MsgBytes.isUtf8(msg)) {
                json.writeUTF8String(msg, 0, msg.length);
            } else {
                json.writeBinary(msg);
                json.writeStringField(ENCODING_FIELD, BASE64);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("push message not serialisable", e);
        }
        return out.toByteArray();
    }
}
