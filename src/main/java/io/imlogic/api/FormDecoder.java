package io.imlogic.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict {@code application/x-www-form-urlencoded} decoding for query strings.
 *
 * <p>Strict where {@link java.net.URLDecoder} is lenient: a broken percent escape or bytes that are not UTF-8 are a
 * 400, not a field silently holding replacement characters that would then be pushed to users.
 */
final class FormDecoder {

    private FormDecoder() {
    }

    /** Splits {@code a=1&b=2&b=3} into the fields; a name without {@code =} has an empty value. */
    static void decodeInto(String query, RequestFields fields) {
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
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                fields.add(name, value);
            }
            start = end + 1;
        }
    }

    static String decode(String encoded) {
        if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
            return encoded;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw ApiException.badRequest("query string has a broken percent escape");
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw ApiException.badRequest("query string has a broken percent escape");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        return utf8(bytes.toByteArray(), "query string");
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
