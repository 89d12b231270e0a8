package io.imlogic.push;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What a message's bytes are and cost in a record. A JSON record carries a UTF-8 message as a JSON string and any
 * other bytes as base64 (marked {@code "msgEncoding":"base64"}); protobuf carries the bytes as they are.
 */
public final class MsgBytes {

    private MsgBytes() {
    }

    /** True when the bytes are well-formed UTF-8 (ASCII included), so a JSON record can carry them as text. */
    public static boolean isUtf8(byte[] msg) {
        for (byte b : msg) {
            if (b < 0) {
                return strictUtf8(msg);
            }
        }
        return true;
    }

    /**
     * The most bytes {@code msg} takes in a record: as JSON text, its UTF-8 bytes with a two-byte escape for quote and
     * backslash and a six-byte one for control characters; as base64 four bytes per three. Protobuf takes no more.
     * The API bounds it (IM_MAX_MSG_BYTES) and the planner sizes records with it.
     */
    public static int recordBytes(byte[] msg) {
        if (!isUtf8(msg)) {
            return (msg.length + 2) / 3 * 4;
        }
        int bytes = 0;
        for (byte b : msg) {
            if (b >= 0 && b < 0x20) {
                bytes += 6;
            } else if (b == '"' || b == '\\') {
                bytes += 2;
            } else {
                bytes += 1;
            }
        }
        return bytes;
    }

    private static boolean strictUtf8(byte[] msg) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(msg));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
