package io.imlogic.api;

import io.imlogic.push.PushRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The push API's validation, on plain exchanges shaped as Vert.x platform-http hands them to the routes: the method,
 * content type and raw query as headers; a JSON or raw body as bytes; a url-encoded form as raw bytes marked the way
 * {@link HttpErrorHandlers} marks it (the {@code form} helper takes the fields as a map and encodes them).
 */
class PushRequestParserTest {

    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String TEXT = "text/plain";

    private static CamelContext camel;

    private PushRequestParser parser;

    @BeforeAll
    static void createContext() {
        camel = new DefaultCamelContext();
    }

    @AfterAll
    static void closeContext() throws Exception {
        camel.close();
    }

    @BeforeEach
    void newParser() {
        parser = new PushRequestParser(new RequestLimits(3, 10));
    }

    // ---------------------------------------------------------------- mids: the three input styles

    @Test
    void midsFromJsonBody() {
        PushRequest request = parser.mids(json("{\"operation\":7,\"mids\":[11,12],\"msg\":\"hello\"}"));

        assertEquals(PushRequest.Target.MIDS, request.target());
        assertMids(request, 11, 12);
        assertEquals(7, request.operation());
        assertEquals("hello", text(request));
    }

    @Test
    void midsFromFormBody() {
        PushRequest request = parser.mids(form(Map.of("operation", "7", "mids", "11,12", "msg", "hello")));

        assertMids(request, 11, 12);
        assertEquals(7, request.operation());
        assertEquals("hello", text(request));
    }

    @Test
    void midsFromQueryWithRawBodyAsMsg() {
        PushRequest request = parser.mids(raw(TEXT, "operation=7&mids=11&mids=12", "hello"));

        assertMids(request, 11, 12);
        assertEquals(7, request.operation());
        assertEquals("hello", text(request));
    }

    @Test
    void rawBodyIsAcceptedWithoutContentType() {
        PushRequest request = parser.mids(raw(null, "mids=11", "hello"));

        assertMids(request, 11);
        assertEquals("hello", text(request));
    }

    @Test
    void rawBodyIsAcceptedAsOctetStream() {
        PushRequest request = parser.mids(raw("application/octet-stream", "mids=11", "hello"));

        assertEquals("hello", text(request));
    }

    @Test
    void rawBodyWinsOverMsgInQuery() {
        PushRequest request = parser.mids(raw(TEXT, "mids=11&msg=from-query", "from-body"));

        assertEquals("from-body", text(request));
    }

    @Test
    void msgMayComeFromQueryWhenRawBodyIsEmpty() {
        PushRequest request = parser.mids(raw(TEXT, "mids=11&msg=from+query", ""));

        assertEquals("from query", text(request));
    }

    @Test
    void jsonBodyFieldsWinOverQueryParameters() {
        PushRequest request = parser.mids(exchange("POST", JSON, "operation=5&mids=99",
                bytes("{\"operation\":7,\"mids\":[11],\"msg\":\"hello\"}")));

        assertEquals(7, request.operation());
        assertMids(request, 11);
    }

    @Test
    void queryParametersFillFieldsMissingFromJsonBody() {
        PushRequest request = parser.mids(exchange("POST", JSON, "operation=5",
                bytes("{\"mids\":[11],\"msg\":\"hello\"}")));

        assertEquals(5, request.operation());
    }

    @Test
    void queryParametersFillFieldsMissingFromFormBody() {
        PushRequest request = parser.mids(exchange("POST", FORM, "operation=5",
                Map.of("mids", "11", "msg", "hello")));

        assertEquals(5, request.operation());
        assertMids(request, 11);
    }

    @Test
    void jsonMidsMayBeASingleNumber() {
        PushRequest request = parser.mids(json("{\"mids\":11,\"msg\":\"hello\"}"));

        assertMids(request, 11);
    }

    @Test
    void jsonMidsMayBeACommaListString() {
        PushRequest request = parser.mids(json("{\"mids\":\"11, 12,13\",\"msg\":\"hello\"}"));

        assertMids(request, 11, 12, 13);
    }

    @Test
    void jsonMidsAcceptTheLargestLong() {
        PushRequest request = parser.mids(json("{\"mids\":[9223372036854775807],\"msg\":\"hello\"}"));

        assertMids(request, Long.MAX_VALUE);
    }

    @Test
    void formMidsMayBeRepeatedAndCommaSeparated() {
        PushRequest request = parser.mids(form(Map.of("mids", List.of("11", "12,13"), "msg", "hello")));

        assertMids(request, 11, 12, 13);
    }

    @Test
    void queryMidsMayMixRepeatsAndCommaLists() {
        PushRequest request = parser.mids(raw(TEXT, "mids=11,12&mids=13", "hello"));

        assertMids(request, 11, 12, 13);
    }

    @Test
    void blankPiecesOfACommaListAreIgnored() {
        PushRequest request = parser.mids(raw(TEXT, "mids=,11,,12,", "hello"));

        assertMids(request, 11, 12);
    }

    @Test
    void duplicateMidsAreDropped() {
        PushRequest request = withLimits(10, 10).mids(json("{\"mids\":[12,11,12,11],\"msg\":\"hello\"}"));

        assertMids(request, 11, 12);
    }

    @Test
    void duplicateMidsAcrossRepeatedParametersAreDropped() {
        PushRequest request = parser.mids(raw(TEXT, "mids=11&mids=11,12", "hello"));

        assertMids(request, 11, 12);
    }

    @Test
    void missingMidsAre400() {
        assertBadRequest(() -> parser.mids(json("{\"msg\":\"hello\"}")), "mids is required");
    }

    @Test
    void emptyMidsArrayIs400() {
        assertBadRequest(() -> parser.mids(json("{\"mids\":[],\"msg\":\"hello\"}")), "mids is required");
    }

    @Test
    void zeroMidIs400() {
        assertBadRequest(() -> parser.mids(json("{\"mids\":[0],\"msg\":\"hello\"}")), "positive");
    }

    @Test
    void negativeMidIs400() {
        assertBadRequest(() -> parser.mids(json("{\"mids\":[-3],\"msg\":\"hello\"}")), "positive");
    }

    @Test
    void nonNumericMidIs400AndNamesTheValue() {
        assertBadRequest(() -> parser.mids(raw(TEXT, "mids=11,abc", "hello")), "'abc'");
    }

    @Test
    void fractionalMidIs400() {
        assertBadRequest(() -> parser.mids(json("{\"mids\":[1.5],\"msg\":\"hello\"}")), "mids");
    }

    @Test
    void midBeyondLongRangeIs400() {
        assertBadRequest(() -> parser.mids(json("{\"mids\":[9223372036854775808],\"msg\":\"hello\"}")), "mids");
    }

    @Test
    void maxIdsIsAccepted() {
        PushRequest request = parser.mids(json("{\"mids\":[1,2,3],\"msg\":\"hello\"}"));

        assertMids(request, 1, 2, 3);
    }

    @Test
    void moreThanMaxIdsIs400() {
        assertBadRequest(() -> parser.mids(json("{\"mids\":[1,2,3,4],\"msg\":\"hello\"}")), "more than 3");
    }

    @Test
    void maxIdsCountsRepeatedParametersTogether() {
        assertBadRequest(() -> parser.mids(raw(TEXT, "mids=1,2&mids=3,4", "hello")), "more than 3");
    }

    // ---------------------------------------------------------------- operation

    @Test
    void operationDefaultsToNine() {
        PushRequest request = parser.mids(json("{\"mids\":[11],\"msg\":\"hello\"}"));

        assertEquals(9, request.operation());
    }

    @Test
    void emptyOperationDefaultsToNine() {
        PushRequest request = parser.mids(raw(TEXT, "operation=&mids=11", "hello"));

        assertEquals(9, request.operation());
    }

    @Test
    void operationMayBeAJsonString() {
        PushRequest request = parser.mids(json("{\"operation\":\"7\",\"mids\":[11],\"msg\":\"hello\"}"));

        assertEquals(7, request.operation());
    }

    @Test
    void operationAcceptsInt32Extremes() {
        assertEquals(Integer.MAX_VALUE,
                parser.mids(raw(TEXT, "operation=2147483647&mids=11", "hello")).operation());
        assertEquals(Integer.MIN_VALUE,
                parser.mids(raw(TEXT, "operation=-2147483648&mids=11", "hello")).operation());
    }

    @Test
    void operationAboveInt32Is400() {
        assertBadRequest(() -> parser.mids(raw(TEXT, "operation=2147483648&mids=11", "hello")),
                "operation must be a 32-bit integer");
    }

    @Test
    void operationBelowInt32Is400() {
        assertBadRequest(() -> parser.mids(raw(TEXT, "operation=-2147483649&mids=11", "hello")),
                "operation must be a 32-bit integer");
    }

    @Test
    void nonNumericOperationIs400() {
        assertBadRequest(() -> parser.mids(json("{\"operation\":\"abc\",\"mids\":[11],\"msg\":\"hello\"}")),
                "operation must be a 32-bit integer");
    }

    @Test
    void repeatedOperationIs400() {
        assertBadRequest(() -> parser.mids(raw(TEXT, "operation=1&operation=2&mids=11", "hello")),
                "operation must be given once");
    }

    // ---------------------------------------------------------------- msg

    @Test
    void missingMsgIs400() {
        assertBadRequest(() -> parser.mids(json("{\"mids\":[11]}")), "msg is required");
    }

    @Test
    void emptyMsgIs400() {
        assertBadRequest(() -> parser.mids(json("{\"mids\":[11],\"msg\":\"\"}")), "msg is required");
    }

    @Test
    void nullJsonMsgIs400() {
        assertBadRequest(() -> parser.mids(json("{\"mids\":[11],\"msg\":null}")), "msg is required");
    }

    @Test
    void emptyRawBodyWithoutMsgIs400() {
        assertBadRequest(() -> parser.mids(raw(TEXT, "mids=11", "")), "msg is required");
    }

    @Test
    void repeatedFormMsgIs400() {
        assertBadRequest(() -> parser.mids(form(Map.of("mids", "11", "msg", List.of("a", "b")))),
                "msg must be given once");
    }

    @Test
    void jsonObjectMsgIsKeptAsJsonText() {
        PushRequest request = withLimits(3, 1000).mids(json("{\"mids\":[1],\"msg\":{\"a\":[1,2]}}"));

        assertEquals("{\"a\":[1,2]}", text(request));
    }

    @Test
    void jsonArrayMsgIsKeptAsJsonTextNotSplit() {
        PushRequest request = parser.mids(json("{\"mids\":[1],\"msg\":[1,\"b\"]}"));

        assertEquals("[1,\"b\"]", text(request));
    }

    @Test
    void jsonNumberMsgIsItsText() {
        PushRequest request = parser.mids(json("{\"mids\":[1],\"msg\":42}"));

        assertEquals("42", text(request));
    }

    @Test
    void msgOfExactlyMaxMsgBytesIsAccepted() {
        PushRequest request = parser.mids(json("{\"mids\":[1],\"msg\":\"0123456789\"}"));

        assertEquals("0123456789", text(request));
    }

    @Test
    void msgOverMaxMsgBytesIs413() {
        ApiException e = assertThrows(ApiException.class,
                () -> parser.mids(json("{\"mids\":[1],\"msg\":\"0123456789A\"}")));

        assertEquals(413, e.status());
        assertTrue(e.getMessage().contains("10 bytes"), e.getMessage());
    }

    @Test
    void msgLimitCountsUtf8BytesNotChars() {
        // four chars, twelve UTF-8 bytes
        ApiException e = assertThrows(ApiException.class,
                () -> parser.mids(json("{\"mids\":[1],\"msg\":\"€€€€\"}")));

        assertEquals(413, e.status());
    }

    @Test
    void msgLimitCountsSupplementaryCharactersAsFourBytes() {
        // three emoji: six chars, twelve UTF-8 bytes
        ApiException e = assertThrows(ApiException.class,
                () -> parser.mids(json("{\"mids\":[1],\"msg\":\"\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\"}")));

        assertEquals(413, e.status());
    }

    @Test
    void multiByteMsgWithinTheLimitIsAccepted() {
        // three chars, nine UTF-8 bytes
        PushRequest request = parser.mids(json("{\"mids\":[1],\"msg\":\"€€€\"}"));

        assertEquals("€€€", text(request));
    }

    @Test
    void rawBodyOverMaxMsgBytesIs413() {
        ApiException e = assertThrows(ApiException.class, () -> parser.mids(raw(TEXT, "mids=1", "0123456789A")));

        assertEquals(413, e.status());
    }

    // ---------------------------------------------------------------- goim style: the body is the message, raw

    @Test
    void goimTakesAFormBodyAsTheMessageNotAsFields() {
        PushRequestParser goim = new PushRequestParser(new RequestLimits(3, 10), PushRequestParser.Style.GOIM);
        // what curl -d 'mid message' sends: labelled a form, but goim's message
        PushRequest request = goim.mids(exchange("POST", "application/octet-stream", "operation=1000&mids=11",
                bytes("mid msg")));

        assertMids(request, 11);
        assertEquals(1000, request.operation());
        assertEquals("mid msg", text(request));
    }

    @Test
    void goimTakesBinaryBytesAsTheyCame() {
        PushRequestParser goim = new PushRequestParser(new RequestLimits(3, 10), PushRequestParser.Style.GOIM);
        byte[] binary = {(byte) 0xFF, 0, (byte) 0xC3, 0x28};

        for (String contentType : new String[] {null, "application/octet-stream", "text/plain", "image/png"}) {
            PushRequest request = goim.keys(exchange("POST", contentType, "keys=a,b", binary));
            assertArrayEquals(binary, request.msg(), String.valueOf(contentType));
            assertEquals(List.of("a", "b"), request.keys());
        }
    }

    @Test
    void goimReadsFieldsOnlyFromTheQueryString() {
        PushRequestParser goim = new PushRequestParser(new RequestLimits(3, 100), PushRequestParser.Style.GOIM);
        // a JSON body is a message like any other: its "room" is not a field
        PushRequest request = goim.room(exchange("POST", JSON, "type=live&room=7",
                bytes("{\"room\":\"8\",\"msg\":\"x\"}")));

        assertEquals("live://7", request.room());
        assertEquals("{\"room\":\"8\",\"msg\":\"x\"}", text(request));
        assertBadRequest(() -> goim.room(exchange("POST", JSON, "type=live", bytes("{\"room\":\"8\"}"))),
                "room is required");
    }

    @Test
    void goimRefusesAnEmptyBodyEvenWithMsgInTheQuery() {
        PushRequestParser goim = new PushRequestParser(new RequestLimits(3, 10), PushRequestParser.Style.GOIM);

        assertBadRequest(() -> goim.all(exchange("POST", null, "operation=1&msg=hi", null)), "request body");
        assertBadRequest(() -> goim.all(exchange("POST", TEXT, "operation=1", new byte[0])), "request body");
    }

    @Test
    void goimBinaryOverMaxMsgBytesAsBase64Is413() {
        PushRequestParser goim = new PushRequestParser(new RequestLimits(3, 12), PushRequestParser.Style.GOIM);
        byte[] nine = new byte[9];
        java.util.Arrays.fill(nine, (byte) 0xFF);

        assertArrayEquals(nine, goim.all(exchange("POST", null, "operation=1", nine)).msg(), "12 bytes of base64");
        byte[] ten = new byte[10];
        java.util.Arrays.fill(ten, (byte) 0xFF);
        ApiException e = assertThrows(ApiException.class, () -> goim.all(exchange("POST", null, "operation=1", ten)));
        assertEquals(413, e.status(), "16 bytes of base64");
    }

    @Test
    void goimStillRefusesOtherMethods() {
        PushRequestParser goim = new PushRequestParser(new RequestLimits(3, 10), PushRequestParser.Style.GOIM);

        assertEquals(405, assertThrows(ApiException.class,
                () -> goim.mids(exchange("GET", null, "mids=1", bytes("x")))).status());
    }

    // ---------------------------------------------------------------- method and content type

    @Test
    void getIs405AndNamesTheMethod() {
        ApiException e = assertThrows(ApiException.class,
                () -> parser.mids(exchange("GET", JSON, null, bytes("{\"mids\":[1],\"msg\":\"hello\"}"))));

        assertEquals(405, e.status());
        assertTrue(e.getMessage().contains("GET"), e.getMessage());
        assertTrue(e.getMessage().contains("POST"), e.getMessage());
    }

    @Test
    void missingMethodIs405() {
        ApiException e = assertThrows(ApiException.class,
                () -> parser.mids(exchange(null, JSON, null, bytes("{\"mids\":[1],\"msg\":\"hello\"}"))));

        assertEquals(405, e.status());
    }

    @Test
    void lowerCasePostIsAccepted() {
        PushRequest request = parser.mids(exchange("post", JSON, null, bytes("{\"mids\":[1],\"msg\":\"hello\"}")));

        assertMids(request, 1);
    }

    @Test
    void unsupportedContentTypeIs415AndNamesIt() {
        ApiException e = assertThrows(ApiException.class,
                () -> parser.mids(exchange("POST", "application/xml", "mids=1", bytes("<msg/>"))));

        assertEquals(415, e.status());
        assertTrue(e.getMessage().contains("application/xml"), e.getMessage());
    }

    @Test
    void multipartIs415() {
        ApiException e = assertThrows(ApiException.class,
                () -> parser.mids(exchange("POST", "multipart/form-data; boundary=x", "mids=1", bytes("hello"))));

        assertEquals(415, e.status());
    }

    @Test
    void nonUtf8CharsetIs415() {
        ApiException e = assertThrows(ApiException.class,
                () -> parser.mids(exchange("POST", "text/plain; charset=ISO-8859-1", "mids=1", bytes("hello"))));

        assertEquals(415, e.status());
        assertTrue(e.getMessage().contains("iso-8859-1"), e.getMessage());
    }

    @Test
    void nonUtf8CharsetOnJsonIs415() {
        ApiException e = assertThrows(ApiException.class,
                () -> parser.mids(exchange("POST", "application/json; charset=UTF-16", null,
                        bytes("{\"mids\":[1],\"msg\":\"hello\"}"))));

        assertEquals(415, e.status());
    }

    @Test
    void utf8CharsetInAnySpellingIsAccepted() {
        for (String contentType : List.of("application/json; charset=UTF-8", "application/json;charset=utf8",
                "Application/JSON; Charset=\"utf-8\"")) {
            PushRequest request = parser.mids(exchange("POST", contentType, null,
                    bytes("{\"mids\":[1],\"msg\":\"hello\"}")));
            assertEquals("hello", text(request), contentType);
        }
    }

    @Test
    void plusJsonMediaTypeIsReadAsJson() {
        PushRequest request = parser.mids(exchange("POST", "application/merge-patch+json", null,
                bytes("{\"mids\":[1],\"msg\":\"hello\"}")));

        assertMids(request, 1);
        assertEquals("hello", text(request));
    }

    @Test
    void formContentTypeWithCharsetIsAccepted() {
        PushRequest request = parser.mids(exchange("POST", FORM + "; charset=UTF-8", null,
                Map.of("mids", "1", "msg", "hello")));

        assertEquals("hello", text(request));
    }

    // ---------------------------------------------------------------- bodies that are not what they claim

    @Test
    void malformedJsonIs400() {
        assertBadRequest(() -> parser.mids(json("{\"mids\":[1],")), "not valid JSON");
    }

    @Test
    void jsonWithTrailingGarbageIs400() {
        assertBadRequest(() -> parser.mids(json("{\"mids\":[1],\"msg\":\"hello\"} x")), "not valid JSON");
    }

    @Test
    void jsonArrayBodyIs400() {
        assertBadRequest(() -> parser.mids(json("[{\"mids\":[1],\"msg\":\"hello\"}]")), "must be a JSON object");
    }

    @Test
    void jsonScalarBodyIs400() {
        assertBadRequest(() -> parser.mids(json("42")), "must be a JSON object");
    }

    @Test
    void jsonNullBodyIs400() {
        assertBadRequest(() -> parser.mids(json("null")), "must be a JSON object");
    }

    @Test
    void emptyJsonBodyIs400() {
        assertBadRequest(() -> parser.mids(json("")), "empty");
    }

    @Test
    void deeplyNestedJsonIs400() {
        String nested = "[".repeat(100) + "]".repeat(100);
        // a msg limit large enough that only the nesting can be refused
        PushRequestParser roomy = withLimits(3, 10_000);
        assertBadRequest(() -> roomy.mids(json("{\"mids\":[1],\"msg\":" + nested + "}")), "not valid JSON");
    }

    @Test
    void jsonWithInvalidUtf8Is400() {
        byte[] body = concat(bytes("{\"mids\":[1],\"msg\":\""), new byte[] {(byte) 0xC3, (byte) 0x28}, bytes("\"}"));
        assertBadRequest(() -> parser.mids(exchange("POST", JSON, null, body)), "JSON");
    }

    @Test
    void rawBodyWithInvalidUtf8Is400() {
        byte[] body = {'h', 'i', (byte) 0xFF, (byte) 0xFE};
        assertBadRequest(() -> parser.mids(exchange("POST", TEXT, "mids=1", body)), "body is not valid UTF-8");
    }

    @Test
    void rawBodyWithTruncatedUtf8SequenceIs400() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(euro, 2);
        assertBadRequest(() -> parser.mids(exchange("POST", TEXT, "mids=1", body)), "not valid UTF-8");
    }

    @Test
    void rawBodyWithMultiByteUtf8IsDecoded() {
        PushRequest request = parser.mids(raw(TEXT, "mids=1", "héllo €"));

        assertEquals("héllo €", text(request));
    }

    @Test
    void unescapedUtf8InQueryIsDecodedOrRefusedNeverMangled() {
        // the request line bytes of "?mids=1&msg=é" as Netty's HttpRequestDecoder turns them into a String
        Exchange exchange = raw(TEXT, "mids=1&msg=\u00c3\u00a9", "");
        try {
            assertEquals("é", text(parser.mids(exchange)));
        } catch (ApiException refused) {
            assertEquals(400, refused.status(), refused.getMessage());
        }
    }

    @Test
    void brokenPercentEscapeInQueryIs400() {
        assertBadRequest(() -> parser.mids(raw(TEXT, "mids=1%", "hello")), "percent escape");
    }

    // ---------------------------------------------------------------- keys

    @Test
    void keysAreDistinctInFirstSeenOrder() {
        PushRequest request = withLimits(10, 10)
                .keys(json("{\"keys\":[\"k3\",\"k1\",\"k3\",\"k2\",\"k1\"],\"msg\":\"hello\"}"));

        assertEquals(PushRequest.Target.KEYS, request.target());
        assertEquals(List.of("k3", "k1", "k2"), request.keys());
    }

    @Test
    void keysFromQueryAreSplitAndTrimmed() {
        PushRequest request = parser.keys(raw(TEXT, "keys=+k1+,k2&keys=k3", "hello"));

        assertEquals(List.of("k1", "k2", "k3"), request.keys());
    }

    @Test
    void keysFromFormMayBeRepeated() {
        PushRequest request = parser.keys(form(Map.of("keys", List.of("k1", "k2"), "msg", "hello")));

        assertEquals(List.of("k1", "k2"), request.keys());
        assertEquals(9, request.operation());
    }

    @Test
    void missingKeysAre400() {
        assertBadRequest(() -> parser.keys(json("{\"msg\":\"hello\"}")), "keys is required");
    }

    @Test
    void moreThanMaxIdsKeysAre400() {
        assertBadRequest(() -> parser.keys(json("{\"keys\":[\"a\",\"b\",\"c\",\"d\"],\"msg\":\"hello\"}")),
                "keys has more than 3");
    }

    @Test
    void keyOf128CharactersIsAccepted() {
        String key = "k".repeat(128);
        PushRequest request = parser.keys(raw(TEXT, "keys=" + key, "hello"));

        assertEquals(List.of(key), request.keys());
    }

    @Test
    void keyLongerThan128CharactersIs400() {
        assertBadRequest(() -> parser.keys(raw(TEXT, "keys=" + "k".repeat(129), "hello")), "128");
    }

    @Test
    void keysRequestCarriesOperationAndMsg() {
        PushRequest request = parser.keys(json("{\"operation\":4,\"keys\":[\"k1\"],\"msg\":\"hello\"}"));

        assertEquals(4, request.operation());
        assertEquals("hello", text(request));
    }

    // ---------------------------------------------------------------- room

    @Test
    void roomKeyIsTypeSchemeRoom() {
        PushRequest request = parser.room(json("{\"operation\":5,\"type\":\"live\",\"room\":\"1000\",\"msg\":\"hello\"}"));

        assertEquals(PushRequest.Target.ROOM, request.target());
        assertEquals("live://1000", request.room());
        assertEquals(5, request.operation());
        assertEquals("hello", text(request));
    }

    @Test
    void roomFromQueryWithRawBody() {
        PushRequest request = parser.room(raw(TEXT, "type=live&room=1000", "hello"));

        assertEquals("live://1000", request.room());
        assertEquals(9, request.operation());
    }

    @Test
    void roomFromForm() {
        PushRequest request = parser.room(form(Map.of("type", "live", "room", "1000", "msg", "hello")));

        assertEquals("live://1000", request.room());
    }

    @Test
    void roomWithoutTypeIs400() {
        assertBadRequest(() -> parser.room(json("{\"room\":\"1000\",\"msg\":\"hello\"}")), "type is required");
    }

    @Test
    void roomWithoutRoomIs400() {
        assertBadRequest(() -> parser.room(json("{\"type\":\"live\",\"msg\":\"hello\"}")), "room is required");
    }

    @Test
    void roomWithBlankRoomIs400() {
        assertBadRequest(() -> parser.room(json("{\"type\":\"live\",\"room\":\"  \",\"msg\":\"hello\"}")),
                "room is required");
    }

    @Test
    void roomLongerThan256CharactersIs400() {
        assertBadRequest(() -> parser.room(raw(TEXT, "type=live&room=" + "r".repeat(257), "hello")),
                "room must be at most 256");
    }

    @Test
    void roomWithoutMsgIs400() {
        assertBadRequest(() -> parser.room(json("{\"type\":\"live\",\"room\":\"1000\"}")), "msg is required");
    }

    // ---------------------------------------------------------------- all

    @Test
    void broadcastCarriesOperationSpeedAndMsg() {
        PushRequest request = parser.all(json("{\"operation\":3,\"speed\":20,\"msg\":\"hello\"}"));

        assertEquals(PushRequest.Target.ALL, request.target());
        assertEquals(3, request.operation());
        assertEquals(20, request.speed());
        assertEquals("hello", text(request));
    }

    @Test
    void broadcastSpeedDefaultsToZero() {
        PushRequest request = parser.all(raw(TEXT, "operation=3", "hello"));

        assertEquals(0, request.speed());
    }

    @Test
    void broadcastSpeedZeroIsAccepted() {
        PushRequest request = parser.all(raw(TEXT, "operation=3&speed=0", "hello"));

        assertEquals(0, request.speed());
    }

    @Test
    void broadcastWithoutOperationIs400() {
        assertBadRequest(() -> parser.all(json("{\"speed\":1,\"msg\":\"hello\"}")), "operation is required");
    }

    @Test
    void broadcastWithNullJsonOperationIs400() {
        assertBadRequest(() -> parser.all(json("{\"operation\":null,\"msg\":\"hello\"}")), "operation is required");
    }

    @Test
    void broadcastWithEmptyOperationIs400() {
        assertBadRequest(() -> parser.all(raw(TEXT, "operation=", "hello")), "operation is required");
    }

    @Test
    void broadcastWithNegativeSpeedIs400() {
        assertBadRequest(() -> parser.all(raw(TEXT, "operation=3&speed=-1", "hello")), "speed must not be negative");
    }

    @Test
    void broadcastWithNonNumericSpeedIs400() {
        assertBadRequest(() -> parser.all(raw(TEXT, "operation=3&speed=fast", "hello")),
                "speed must be a 32-bit integer");
    }

    @Test
    void broadcastWithoutMsgIs400() {
        assertBadRequest(() -> parser.all(json("{\"operation\":3}")), "msg is required");
    }

    // ---------------------------------------------------------------- request id

    @Test
    void requestIdIsARandomVersion4Uuid() {
        PushRequest first = parser.mids(json("{\"mids\":[1],\"msg\":\"hello\"}"));
        PushRequest second = parser.mids(json("{\"mids\":[1],\"msg\":\"hello\"}"));

        UUID id = UUID.fromString(first.requestId());
        assertEquals(4, id.version());
        assertEquals(2, id.variant());
        assertTrue(!first.requestId().equals(second.requestId()), "two requests share an id");
    }

    // ================================================================ helpers

    private PushRequestParser withLimits(int maxIds, int maxMsgBytes) {
        return new PushRequestParser(new RequestLimits(maxIds, maxMsgBytes));
    }

    private static Exchange json(String body) {
        return exchange("POST", JSON, null, bytes(body));
    }

    private static Exchange form(Map<String, Object> fields) {
        return exchange("POST", FORM, null, new LinkedHashMap<>(fields));
    }

    private static Exchange raw(String contentType, String query, String body) {
        return exchange("POST", contentType, query, bytes(body));
    }

    private static Exchange exchange(String method, String contentType, String rawQuery, Object body) {
        Exchange exchange = new DefaultExchange(camel);
        if (method != null) {
            exchange.getIn().setHeader(Exchange.HTTP_METHOD, method);
        }
        if (contentType != null && contentType.startsWith(FORM)) {
            // as HttpErrorHandlers hands a form over: raw bytes, original content type in a marker header
            exchange.getIn().setHeader(HttpErrorHandlers.FORM_BODY, contentType);
            exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/octet-stream");
            if (body instanceof Map<?, ?> fields) {
                body = bytes(urlEncode(fields));
            }
        } else if (contentType != null) {
            exchange.getIn().setHeader(Exchange.CONTENT_TYPE, contentType);
        }
        if (rawQuery != null) {
            exchange.getIn().setHeader(Exchange.HTTP_RAW_QUERY, rawQuery);
        }
        exchange.getIn().setBody(body);
        return exchange;
    }

    private static String urlEncode(Map<?, ?> fields) {
        StringBuilder encoded = new StringBuilder();
        fields.forEach((name, value) -> {
            List<?> values = value instanceof List<?> list ? list : List.of(value);
            for (Object one : values) {
                encoded.append(encoded.length() == 0 ? "" : "&")
                        .append(java.net.URLEncoder.encode(name.toString(), StandardCharsets.UTF_8)).append('=')
                        .append(java.net.URLEncoder.encode(one.toString(), StandardCharsets.UTF_8));
            }
        });
        return encoded.toString();
    }

    private static String text(PushRequest request) {
        return new String(request.msg(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static void assertMids(PushRequest request, long... expected) {
        long[] actual = request.mids().clone();
        Arrays.sort(actual);
        long[] sorted = expected.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, actual, "mids (in any order) of " + Arrays.toString(request.mids()));
        assertEquals(Arrays.stream(request.mids()).distinct().count(), request.mids().length, "mids are distinct");
    }

    private static void assertBadRequest(Executable call, String messagePart) {
        ApiException e = assertThrows(ApiException.class, call);
        assertEquals(400, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart),
                "message '" + e.getMessage() + "' should contain '" + messagePart + "'");
    }
}
