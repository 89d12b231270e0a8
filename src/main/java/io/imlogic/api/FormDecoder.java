package io.imlogic.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict {@code application/x-www-form-urlencoded} decoding, for query strings and form bodies alike.
 *
 * <p>Strict where {@link java.net.URLDecoder} is lenient: a broken percent escape or bytes that are not UTF-8 are a
 * 400, not a field silently holding replacement characters that would then be pushed to users.
 */
final class FormDecoder {

    private FormDecoder() {
    }

    /** Splits {@code a=1&b=2&b=3} into the fields; a name without {@code =} has an empty value. */
    static void decodeInto(String query, RequestFields fields) {
        decodeInto(query, fields, "query string");
    }

    /** The same for a form body; {@code where} names it in error messages. */
    static void decodeInto(String query, RequestFields fields, String where) {
        if (query == null || query.isEmpty()) {
            return;
        }
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            if (end > start) {
                String pair = query.substring(start, end);
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), where);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), where);
                fields.add(name, value);
            }
            start = end + 1;
        }
    }

    /**
     * Percent-decodes one name or value. Netty hands over the request line one char per byte (ISO-8859-1), so a
     * char up to 0xFF is taken as the byte it was, and the bytes are then decoded as strict UTF-8: unescaped UTF-8
     * in a query string arrives intact instead of as mojibake.
     */
    static String decode(String encoded) {
        return decode(encoded, "query string");
    }

    static String decode(String encoded, String where) {
        boolean plain = true;
        for (int i = 0; i < encoded.length() && plain; i++) {
            char c = encoded.charAt(i);
            plain = c != '%' && c != '+' && c < 0x80;
        }
        if (plain) {
            return encoded;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw ApiException.badRequest(where + " has a broken percent escape");
                }
                int high = hexDigit(encoded.charAt(i + 1), where);
                int low = hexDigit(encoded.charAt(i + 2), where);
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c <= 0xFF) {
                bytes.write(c);
            } else {
                // not from the wire (Netty gives bytes), but a caller's own text: keep it whole, pairs included
                int codePoint = encoded.codePointAt(i);
                byte[] raw = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        return utf8(bytes.toByteArray(), where);
    }

    private static int hexDigit(char c, String where) {
        // only ASCII hex: Character.digit would also take fullwidth and other Unicode digits
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw ApiException.badRequest(where + " has a broken percent escape");
    }

    /** Decodes UTF-8, refusing malformed input with a 400 that names where it was. */
    static String utf8(byte[] bytes, String where) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest(where + " is not valid UTF-8");
        }
    }
}
