package io.imlogic.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Strict url-encoded decoding of query strings: what decodes, and what is a 400 rather than a silent guess. */
class FormDecoderTest {

    // ---------------------------------------------------------------- decode

    @Test
    void plainTextIsUnchanged() {
        assertEquals("hello", FormDecoder.decode("hello"));
    }

    @Test
    void plusIsASpace() {
        assertEquals("a b c", FormDecoder.decode("a+b+c"));
    }

    @Test
    void percentEscapeIsDecoded() {
        assertEquals("a b", FormDecoder.decode("a%20b"));
    }

    @Test
    void escapedPlusIsAPlusNotASpace() {
        assertEquals("1+1", FormDecoder.decode("1%2B1"));
    }

    @Test
    void escapedPercentIsAPercent() {
        assertEquals("100%", FormDecoder.decode("100%25"));
    }

    @Test
    void escapesAreCaseInsensitive() {
        assertEquals("//", FormDecoder.decode("%2f%2F"));
    }

    @Test
    void escapedMultiByteUtf8IsDecoded() {
        assertEquals("€ é", FormDecoder.decode("%E2%82%AC+%C3%A9"));
    }

    @Test
    void escapedSupplementaryCharacterIsDecoded() {
        assertEquals("\uD83D\uDE00", FormDecoder.decode("%F0%9F%98%80"));
    }

    @Test
    void unescapedUtf8BytesNextToAnEscapeAreDecoded() {
        // Netty hands the query over one char per byte: UTF-8 "é" arrives as the two chars \u00c3 \u00a9
        assertEquals("é é", FormDecoder.decode("\u00c3\u00a9+\u00c3\u00a9"));
    }

    @Test
    void unescapedSupplementaryCharacterNextToAnEscapeIsKept() {
        // the slow path (taken because of the '+') must not split the surrogate pair into two '?'
        assertEquals("\uD83D\uDE00 x", FormDecoder.decode("\uD83D\uDE00+x"));
    }

    @Test
    void loneTrailingPercentIs400() {
        assertBrokenEscape(() -> FormDecoder.decode("%"));
    }

    @Test
    void percentAtTheEndIs400() {
        assertBrokenEscape(() -> FormDecoder.decode("abc%"));
    }

    @Test
    void percentWithOneHexDigitIs400() {
        assertBrokenEscape(() -> FormDecoder.decode("%1"));
    }

    @Test
    void percentWithNonHexDigitIs400() {
        assertBrokenEscape(() -> FormDecoder.decode("%z1"));
    }

    @Test
    void percentWithNonHexSecondDigitIs400() {
        assertBrokenEscape(() -> FormDecoder.decode("%1g"));
    }

    @Test
    void percentWithNonAsciiDigitsIs400() {
        // Character.digit accepts fullwidth and other Unicode digits; an escape is two ASCII hex digits only
        assertBrokenEscape(() -> FormDecoder.decode("%\uFF14\uFF11"));
    }

    @Test
    void escapedByteThatIsNotUtf8Is400() {
        ApiException e = assertThrows(ApiException.class, () -> FormDecoder.decode("%FF"));

        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }

    @Test
    void truncatedUtf8SequenceIs400() {
        ApiException e = assertThrows(ApiException.class, () -> FormDecoder.decode("%E2%82"));

        assertEquals(400, e.status());
    }

    @Test
    void escapedSurrogateCodePointIs400() {
        // CESU-style encoding of U+D800 is not UTF-8
        ApiException e = assertThrows(ApiException.class, () -> FormDecoder.decode("%ED%A0%80"));

        assertEquals(400, e.status());
    }

    @Test
    void overlongEncodingIs400() {
        // '/' encoded in two bytes
        ApiException e = assertThrows(ApiException.class, () -> FormDecoder.decode("%C0%AF"));

        assertEquals(400, e.status());
    }

    // ---------------------------------------------------------------- utf8

    @Test
    void utf8ErrorNamesWhereItWas() {
        ApiException e = assertThrows(ApiException.class,
                () -> FormDecoder.utf8(new byte[] {(byte) 0xFF}, "body"));

        assertEquals(400, e.status());
        assertEquals("body is not valid UTF-8", e.getMessage());
    }

    @Test
    void utf8DecodesValidBytes() {
        assertEquals("héllo", FormDecoder.utf8("héllo".getBytes(StandardCharsets.UTF_8), "body"));
    }

    // ---------------------------------------------------------------- decodeInto

    @Test
    void fieldsAreSplitOnAmpersand() {
        RequestFields fields = decodeInto("a=1&b=2");

        assertEquals("1", fields.single("a"));
        assertEquals("2", fields.single("b"));
    }

    @Test
    void repeatedNamesAreKeptInOrder() {
        RequestFields fields = decodeInto("mids=3&x=0&mids=1&mids=2");

        assertEquals(List.of("3", "1", "2"), fields.all("mids"));
    }

    @Test
    void nameWithoutEqualsHasAnEmptyValue() {
        RequestFields fields = decodeInto("flag&a=1");

        assertEquals(List.of(""), fields.all("flag"));
        assertEquals("1", fields.single("a"));
    }

    @Test
    void nameWithEmptyValueHasAnEmptyValue() {
        RequestFields fields = decodeInto("a=");

        assertEquals(List.of(""), fields.all("a"));
    }

    @Test
    void onlyTheFirstEqualsSeparatesNameFromValue() {
        RequestFields fields = decodeInto("msg=a=b");

        assertEquals("a=b", fields.single("msg"));
    }

    @Test
    void emptyPairsAreSkipped() {
        RequestFields fields = decodeInto("&&a=1&&");

        assertEquals(List.of("1"), fields.all("a"));
        assertEquals(List.of(), fields.all(""));
    }

    @Test
    void namesAndValuesAreBothDecoded() {
        RequestFields fields = decodeInto("my+name=%E2%82%AC+1");

        assertEquals("€ 1", fields.single("my name"));
    }

    @Test
    void escapedAmpersandStaysInTheValue() {
        RequestFields fields = decodeInto("msg=a%26b=c&mids=1");

        assertEquals("a&b=c", fields.single("msg"));
        assertEquals("1", fields.single("mids"));
    }

    @Test
    void nullOrEmptyQueryAddsNothing() {
        RequestFields fromNull = decodeInto(null);
        RequestFields fromEmpty = decodeInto("");

        assertNull(fromNull.single("a"));
        assertNull(fromEmpty.single(""));
    }

    @Test
    void brokenEscapeAnywhereInTheQueryIs400() {
        assertBrokenEscape(() -> decodeInto("a=1&b=%zz&c=3"));
    }

    private static RequestFields decodeInto(String query) {
        RequestFields fields = new RequestFields();
        FormDecoder.decodeInto(query, fields);
        return fields;
    }

    private static void assertBrokenEscape(Executable call) {
        ApiException e = assertThrows(ApiException.class, call);
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("broken percent escape"), e.getMessage());
    }
}
