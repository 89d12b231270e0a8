package io.imlogic.it.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Text and bytes helpers shared by the fuzz classes. */
final class FuzzText {

    private FuzzText() {
    }

    /** Each char is one byte: chars above 0xFF are sent as their UTF-8 bytes. */
    static byte[] latin1Bytes(CharSequence text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch <= 0xFF) {
                out.write(ch);
            } else {
                int cp = Character.codePointAt(text, i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toByteArray();
    }

    static String escape(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 16);
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char ch = text.charAt(i);
            if (ch == '\r') {
                out.append("\\r");
            } else if (ch == '\n') {
                out.append("\\n");
            } else if (ch == '\t') {
                out.append("\\t");
            } else if (ch < 0x20 || ch == 0x7f || ch >= 0x80 && ch <= 0xFF) {
                out.append(String.format("\\x%02X", (int) ch));
            } else {
                out.append(ch);
            }
        }
        if (text.length() > max) {
            out.append("…(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value).toUpperCase(Locale.ROOT);
    }

    static String randomPrintable(Random r, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (0x20 + r.nextInt(0x5F)));
        }
        return text.toString();
    }

    @SafeVarargs
    static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    static <T> T pick(Random r, List<T> options) {
        return options.get(r.nextInt(options.size()));
    }
}
