package io.imlogic.api;

/**
 * Type and range rules shared by every API that reads {@link RequestFields}; each failure is a 400 naming the field.
 */
final class FieldRules {

    /** goim's raw operation: a pre-encoded batch. The default when a client sends none. */
    static final int DEFAULT_OPERATION = 9;

    private FieldRules() {
    }

    static int operation(RequestFields fields) {
        String text = fields.single("operation");
        return text == null || text.isEmpty() ? DEFAULT_OPERATION : int32(text, "operation");
    }

    static int int32(String text, String name) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a 32-bit integer, not '" + clip(text) + "'");
        }
    }

    static long int64(String text, String name) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a 64-bit integer, not '" + clip(text) + "'");
        }
    }

    /** A required text field of at most {@code maxLength} characters. */
    static String required(RequestFields fields, String name, int maxLength) {
        String value = fields.single(name);
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(name + " is required");
        }
        return limited(value, name, maxLength);
    }

    static String limited(String value, String name, int maxLength) {
        if (value.length() > maxLength) {
            throw ApiException.badRequest(name + " must be at most " + maxLength + " characters");
        }
        return value;
    }

    static String clip(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
