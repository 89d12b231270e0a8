package io.imlogic.api;

import io.imlogic.push.PushRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The push API's validation, as two tables: requests the parser accepts (and what it reads from them) and requests
 * it refuses (status and the words the message must contain). Each row is one request on a plain exchange shaped as
 * Vert.x platform-http hands it to the routes: the method, content type and raw query as headers; a JSON or raw body
 * as bytes; a url-encoded form as its raw bytes behind {@link HttpErrorHandlers#FORM_BODY}.
 *
 * <p>In the JSON texts below a {@code '} stands for a {@code "}. Unless a row says otherwise the parser is goim-style
 * off ({@link PushRequestParser.Style#IM}) with at most 3 ids and 10 message bytes.
 */
class PushRequestParserTest {

    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String TEXT = "text/plain";
    private static final String OCTETS = "application/octet-stream";

    private static final Parser IM = im(3, 10);
    private static final byte[] BINARY = {(byte) 0xFF, 0, (byte) 0xC3, 0x28};

    private static CamelContext camel;

    @BeforeAll
    static void createContext() {
        camel = new DefaultCamelContext();
    }

    @AfterAll
    static void closeContext() throws Exception {
        camel.close();
    }

    // ================================================================ accepted: request -> what the parser read

    static Stream<Arguments> accepted() {
        return Stream.of(
                // -------------------------------------------------------- mids: the three input styles
                ok("midsFromJsonBody", MIDS, json("{'operation':7,'mids':[11,12],'msg':'hello'}"),
                        read().target(PushRequest.Target.MIDS).mids(11, 12).op(7).msg("hello")),
                ok("midsFromFormBody", MIDS, form(Map.of("operation", "7", "mids", "11,12", "msg", "hello")),
                        read().mids(11, 12).op(7).msg("hello")),
                ok("midsFromQueryWithRawBodyAsMsg", MIDS, raw(TEXT, "operation=7&mids=11&mids=12", "hello"),
                        read().mids(11, 12).op(7).msg("hello")),
                ok("rawBodyIsAcceptedWithoutContentType", MIDS, raw(null, "mids=11", "hello"),
                        read().mids(11).msg("hello")),
                ok("rawBodyIsAcceptedAsOctetStream", MIDS, raw(OCTETS, "mids=11", "hello"), read().msg("hello")),
                ok("rawBodyWinsOverMsgInQuery", MIDS, raw(TEXT, "mids=11&msg=from-query", "from-body"),
                        read().msg("from-body")),
                ok("msgMayComeFromQueryWhenRawBodyIsEmpty", MIDS, raw(TEXT, "mids=11&msg=from+query", ""),
                        read().msg("from query")),
                ok("jsonBodyFieldsWinOverQueryParameters", MIDS,
                        post(JSON, "operation=5&mids=99", q("{'operation':7,'mids':[11],'msg':'hello'}")),
                        read().op(7).mids(11)),
                ok("queryParametersFillFieldsMissingFromJsonBody", MIDS,
                        post(JSON, "operation=5", q("{'mids':[11],'msg':'hello'}")), read().op(5)),
                ok("queryParametersFillFieldsMissingFromFormBody", MIDS,
                        post(FORM, "operation=5", Map.of("mids", "11", "msg", "hello")), read().op(5).mids(11)),
                ok("jsonMidsMayBeASingleNumber", MIDS, json("{'mids':11,'msg':'hello'}"), read().mids(11)),
                ok("jsonMidsMayBeACommaListString", MIDS, json("{'mids':'11, 12,13','msg':'hello'}"),
                        read().mids(11, 12, 13)),
                ok("jsonMidsAcceptTheLargestLong", MIDS, json("{'mids':[9223372036854775807],'msg':'hello'}"),
                        read().mids(Long.MAX_VALUE)),
                ok("formMidsMayBeRepeatedAndCommaSeparated", MIDS,
                        form(Map.of("mids", List.of("11", "12,13"), "msg", "hello")), read().mids(11, 12, 13)),
                ok("queryMidsMayMixRepeatsAndCommaLists", MIDS, raw(TEXT, "mids=11,12&mids=13", "hello"),
                        read().mids(11, 12, 13)),
                ok("blankPiecesOfACommaListAreIgnored", MIDS, raw(TEXT, "mids=,11,,12,", "hello"),
                        read().mids(11, 12)),
                ok("duplicateMidsAreDropped", im(10, 10), MIDS, json("{'mids':[12,11,12,11],'msg':'hello'}"),
                        read().mids(11, 12)),
                ok("duplicateMidsAcrossRepeatedParametersAreDropped", MIDS, raw(TEXT, "mids=11&mids=11,12", "hello"),
                        read().mids(11, 12)),
                ok("maxIdsIsAccepted", MIDS, json("{'mids':[1,2,3],'msg':'hello'}"), read().mids(1, 2, 3)),
                // -------------------------------------------------------- operation
                ok("operationDefaultsToNine", MIDS, json("{'mids':[11],'msg':'hello'}"), read().op(9)),
                ok("emptyOperationDefaultsToNine", MIDS, raw(TEXT, "operation=&mids=11", "hello"), read().op(9)),
                ok("operationMayBeAJsonString", MIDS, json("{'operation':'7','mids':[11],'msg':'hello'}"),
                        read().op(7)),
                ok("operationAcceptsInt32Extremes (max)", MIDS, raw(TEXT, "operation=2147483647&mids=11", "hello"),
                        read().op(Integer.MAX_VALUE)),
                ok("operationAcceptsInt32Extremes (min)", MIDS, raw(TEXT, "operation=-2147483648&mids=11", "hello"),
                        read().op(Integer.MIN_VALUE)),
                // -------------------------------------------------------- msg
                ok("jsonObjectMsgIsKeptAsJsonText", im(3, 1000), MIDS, json("{'mids':[1],'msg':{'a':[1,2]}}"),
                        read().msg(q("{'a':[1,2]}"))),
                ok("jsonArrayMsgIsKeptAsJsonTextNotSplit", MIDS, json("{'mids':[1],'msg':[1,'b']}"),
                        read().msg(q("[1,'b']"))),
                ok("jsonNumberMsgIsItsText", MIDS, json("{'mids':[1],'msg':42}"), read().msg("42")),
                ok("msgOfExactlyMaxMsgBytesIsAccepted", MIDS, json("{'mids':[1],'msg':'0123456789'}"),
                        read().msg("0123456789")),
                // three chars, nine UTF-8 bytes
                ok("multiByteMsgWithinTheLimitIsAccepted", MIDS, json("{'mids':[1],'msg':'€€€'}"), read().msg("€€€")),
                // -------------------------------------------------------- goim style: the body is the message, raw
                // what curl -d 'mid message' sends: labelled a form, but goim's message
                ok("goimTakesAFormBodyAsTheMessageNotAsFields", goim(3, 10), MIDS,
                        post(OCTETS, "operation=1000&mids=11", "mid msg"), read().mids(11).op(1000).msg("mid msg")),
                ok("goimTakesBinaryBytesAsTheyCame (no type)", goim(3, 10), KEYS, post(null, "keys=a,b", BINARY),
                        read().msg(BINARY).keys("a", "b")),
                ok("goimTakesBinaryBytesAsTheyCame (octets)", goim(3, 10), KEYS, post(OCTETS, "keys=a,b", BINARY),
                        read().msg(BINARY).keys("a", "b")),
                ok("goimTakesBinaryBytesAsTheyCame (text)", goim(3, 10), KEYS, post(TEXT, "keys=a,b", BINARY),
                        read().msg(BINARY).keys("a", "b")),
                ok("goimTakesBinaryBytesAsTheyCame (png)", goim(3, 10), KEYS, post("image/png", "keys=a,b", BINARY),
                        read().msg(BINARY).keys("a", "b")),
                // a JSON body is a message like any other: its "room" is not a field
                ok("goimReadsFieldsOnlyFromTheQueryString", goim(3, 100), ROOM,
                        post(JSON, "type=live&room=7", q("{'room':'8','msg':'x'}")),
                        read().room("live://7").msg(q("{'room':'8','msg':'x'}"))),
                // nine bytes are 12 bytes of base64, the limit
                ok("goimBinaryOverMaxMsgBytesAsBase64Is413 (at the limit)", goim(3, 12), ALL,
                        post(null, "operation=1", filled(9)), read().msg(filled(9))),
                // -------------------------------------------------------- method and content type
                ok("lowerCasePostIsAccepted", MIDS, in("post", JSON, null, q("{'mids':[1],'msg':'hello'}")),
                        read().mids(1)),
                ok("utf8CharsetInAnySpellingIsAccepted (UTF-8)", MIDS,
                        post("application/json; charset=UTF-8", null, q("{'mids':[1],'msg':'hello'}")),
                        read().msg("hello")),
                ok("utf8CharsetInAnySpellingIsAccepted (utf8)", MIDS,
                        post("application/json;charset=utf8", null, q("{'mids':[1],'msg':'hello'}")),
                        read().msg("hello")),
                ok("utf8CharsetInAnySpellingIsAccepted (quoted, mixed case)", MIDS,
                        post("Application/JSON; Charset=\"utf-8\"", null, q("{'mids':[1],'msg':'hello'}")),
                        read().msg("hello")),
                ok("plusJsonMediaTypeIsReadAsJson", MIDS,
                        post("application/merge-patch+json", null, q("{'mids':[1],'msg':'hello'}")),
                        read().mids(1).msg("hello")),
                ok("formContentTypeWithCharsetIsAccepted", MIDS,
                        post(FORM + "; charset=UTF-8", null, Map.of("mids", "1", "msg", "hello")), read().msg("hello")),
                ok("rawBodyWithMultiByteUtf8IsDecoded", MIDS, raw(TEXT, "mids=1", "héllo €"), read().msg("héllo €")),
                // -------------------------------------------------------- keys
                ok("keysAreDistinctInFirstSeenOrder", im(10, 10), KEYS,
                        json("{'keys':['k3','k1','k3','k2','k1'],'msg':'hello'}"),
                        read().target(PushRequest.Target.KEYS).keys("k3", "k1", "k2")),
                ok("keysFromQueryAreSplitAndTrimmed", KEYS, raw(TEXT, "keys=+k1+,k2&keys=k3", "hello"),
                        read().keys("k1", "k2", "k3")),
                ok("keysFromFormMayBeRepeated", KEYS, form(Map.of("keys", List.of("k1", "k2"), "msg", "hello")),
                        read().keys("k1", "k2").op(9)),
                ok("keyOf128CharactersIsAccepted", KEYS, raw(TEXT, "keys=" + "k".repeat(128), "hello"),
                        read().keys("k".repeat(128))),
                ok("keysRequestCarriesOperationAndMsg", KEYS, json("{'operation':4,'keys':['k1'],'msg':'hello'}"),
                        read().op(4).msg("hello")),
                // -------------------------------------------------------- room
                ok("roomKeyIsTypeSchemeRoom", ROOM, json("{'operation':5,'type':'live','room':'1000','msg':'hello'}"),
                        read().target(PushRequest.Target.ROOM).room("live://1000").op(5).msg("hello")),
                ok("roomFromQueryWithRawBody", ROOM, raw(TEXT, "type=live&room=1000", "hello"),
                        read().room("live://1000").op(9)),
                ok("roomFromForm", ROOM, form(Map.of("type", "live", "room", "1000", "msg", "hello")),
                        read().room("live://1000")),
                // -------------------------------------------------------- all
                ok("broadcastCarriesOperationSpeedAndMsg", ALL, json("{'operation':3,'speed':20,'msg':'hello'}"),
                        read().target(PushRequest.Target.ALL).op(3).speed(20).msg("hello")),
                ok("broadcastSpeedDefaultsToZero", ALL, raw(TEXT, "operation=3", "hello"), read().speed(0)),
                ok("broadcastSpeedZeroIsAccepted", ALL, raw(TEXT, "operation=3&speed=0", "hello"), read().speed(0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void accepted(String name, Parser parser, Call call, In request, Read expected) {
        // the row's name heads any failure: surefire shows only the row's index
        assertAll(name, () -> expected.check(call.on(parser.create(), request.exchange())));
    }

    // ================================================================ refused: request -> status and message

    static Stream<Arguments> refused() {
        return Stream.of(
                // -------------------------------------------------------- mids
                no("missingMidsAre400", MIDS, json("{'msg':'hello'}"), 400, "mids is required"),
                no("emptyMidsArrayIs400", MIDS, json("{'mids':[],'msg':'hello'}"), 400, "mids is required"),
                no("zeroMidIs400", MIDS, json("{'mids':[0],'msg':'hello'}"), 400, "positive"),
                no("negativeMidIs400", MIDS, json("{'mids':[-3],'msg':'hello'}"), 400, "positive"),
                no("nonNumericMidIs400AndNamesTheValue", MIDS, raw(TEXT, "mids=11,abc", "hello"), 400, "'abc'"),
                no("fractionalMidIs400", MIDS, json("{'mids':[1.5],'msg':'hello'}"), 400, "mids"),
                no("midBeyondLongRangeIs400", MIDS, json("{'mids':[9223372036854775808],'msg':'hello'}"), 400,
                        "mids"),
                no("moreThanMaxIdsIs400", MIDS, json("{'mids':[1,2,3,4],'msg':'hello'}"), 400, "more than 3"),
                no("maxIdsCountsRepeatedParametersTogether", MIDS, raw(TEXT, "mids=1,2&mids=3,4", "hello"), 400,
                        "more than 3"),
                // -------------------------------------------------------- operation
                no("operationAboveInt32Is400", MIDS, raw(TEXT, "operation=2147483648&mids=11", "hello"), 400,
                        "operation must be a 32-bit integer"),
                no("operationBelowInt32Is400", MIDS, raw(TEXT, "operation=-2147483649&mids=11", "hello"), 400,
                        "operation must be a 32-bit integer"),
                no("nonNumericOperationIs400", MIDS, json("{'operation':'abc','mids':[11],'msg':'hello'}"), 400,
                        "operation must be a 32-bit integer"),
                no("repeatedOperationIs400", MIDS, raw(TEXT, "operation=1&operation=2&mids=11", "hello"), 400,
                        "operation must be given once"),
                // -------------------------------------------------------- msg
                no("missingMsgIs400", MIDS, json("{'mids':[11]}"), 400, "msg is required"),
                no("emptyMsgIs400", MIDS, json("{'mids':[11],'msg':''}"), 400, "msg is required"),
                no("nullJsonMsgIs400", MIDS, json("{'mids':[11],'msg':null}"), 400, "msg is required"),
                no("emptyRawBodyWithoutMsgIs400", MIDS, raw(TEXT, "mids=11", ""), 400, "msg is required"),
                no("repeatedFormMsgIs400", MIDS, form(Map.of("mids", "11", "msg", List.of("a", "b"))), 400,
                        "msg must be given once"),
                no("msgOverMaxMsgBytesIs413", MIDS, json("{'mids':[1],'msg':'0123456789A'}"), 413, "10 bytes"),
                // four chars, twelve UTF-8 bytes
                no("msgLimitCountsUtf8BytesNotChars", MIDS, json("{'mids':[1],'msg':'€€€€'}"), 413),
                // three emoji: six chars, twelve UTF-8 bytes
                no("msgLimitCountsSupplementaryCharactersAsFourBytes", MIDS,
                        json("{'mids':[1],'msg':'\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00'}"), 413),
                no("rawBodyOverMaxMsgBytesIs413", MIDS, raw(TEXT, "mids=1", "0123456789A"), 413),
                // -------------------------------------------------------- goim style
                no("goimReadsFieldsOnlyFromTheQueryString (room only in the body)", goim(3, 100), ROOM,
                        post(JSON, "type=live", q("{'room':'8'}")), 400, "room is required"),
                no("goimRefusesAnEmptyBodyEvenWithMsgInTheQuery (no body)", goim(3, 10), ALL,
                        post(null, "operation=1&msg=hi", null), 400, "request body"),
                no("goimRefusesAnEmptyBodyEvenWithMsgInTheQuery (empty body)", goim(3, 10), ALL,
                        post(TEXT, "operation=1", new byte[0]), 400, "request body"),
                // ten bytes are 16 bytes of base64
                no("goimBinaryOverMaxMsgBytesAsBase64Is413 (over the limit)", goim(3, 12), ALL,
                        post(null, "operation=1", filled(10)), 413),
                no("goimStillRefusesOtherMethods", goim(3, 10), MIDS, in("GET", null, "mids=1", "x"), 405),
                // -------------------------------------------------------- method and content type
                no("getIs405AndNamesTheMethod", MIDS, in("GET", JSON, null, q("{'mids':[1],'msg':'hello'}")), 405,
                        "GET", "POST"),
                no("missingMethodIs405", MIDS, in(null, JSON, null, q("{'mids':[1],'msg':'hello'}")), 405),
                no("unsupportedContentTypeIs415AndNamesIt", MIDS, post("application/xml", "mids=1", "<msg/>"), 415,
                        "application/xml"),
                no("multipartIs415", MIDS, post("multipart/form-data; boundary=x", "mids=1", "hello"), 415),
                no("nonUtf8CharsetIs415", MIDS, post("text/plain; charset=ISO-8859-1", "mids=1", "hello"), 415,
                        "iso-8859-1"),
                no("nonUtf8CharsetOnJsonIs415", MIDS,
                        post("application/json; charset=UTF-16", null, q("{'mids':[1],'msg':'hello'}")), 415),
                // -------------------------------------------------------- bodies that are not what they claim
                no("malformedJsonIs400", MIDS, json("{'mids':[1],"), 400, "not valid JSON"),
                no("jsonWithTrailingGarbageIs400", MIDS, json("{'mids':[1],'msg':'hello'} x"), 400, "not valid JSON"),
                no("jsonArrayBodyIs400", MIDS, json("[{'mids':[1],'msg':'hello'}]"), 400, "must be a JSON object"),
                no("jsonScalarBodyIs400", MIDS, json("42"), 400, "must be a JSON object"),
                no("jsonNullBodyIs400", MIDS, json("null"), 400, "must be a JSON object"),
                no("emptyJsonBodyIs400", MIDS, json(""), 400, "empty"),
                // a msg limit large enough that only the nesting can be refused
                no("deeplyNestedJsonIs400", im(3, 10_000), MIDS,
                        json("{'mids':[1],'msg':" + "[".repeat(100) + "]".repeat(100) + "}"), 400, "not valid JSON"),
                no("jsonWithInvalidUtf8Is400", MIDS, post(JSON, null,
                        concat(bytes(q("{'mids':[1],'msg':'")), new byte[] {(byte) 0xC3, 0x28}, bytes(q("'}")))),
                        400, "JSON"),
                no("rawBodyWithInvalidUtf8Is400", MIDS, post(TEXT, "mids=1", new byte[] {'h', 'i', (byte) 0xFF,
                        (byte) 0xFE}), 400, "body is not valid UTF-8"),
                no("rawBodyWithTruncatedUtf8SequenceIs400", MIDS,
                        post(TEXT, "mids=1", Arrays.copyOf(bytes("€"), 2)), 400, "not valid UTF-8"),
                no("brokenPercentEscapeInQueryIs400", MIDS, raw(TEXT, "mids=1%", "hello"), 400, "percent escape"),
                // -------------------------------------------------------- keys
                no("missingKeysAre400", KEYS, json("{'msg':'hello'}"), 400, "keys is required"),
                no("moreThanMaxIdsKeysAre400", KEYS, json("{'keys':['a','b','c','d'],'msg':'hello'}"), 400,
                        "keys has more than 3"),
                no("keyLongerThan128CharactersIs400", KEYS, raw(TEXT, "keys=" + "k".repeat(129), "hello"), 400,
                        "128"),
                // -------------------------------------------------------- room
                no("roomWithoutTypeIs400", ROOM, json("{'room':'1000','msg':'hello'}"), 400, "type is required"),
                no("roomWithoutRoomIs400", ROOM, json("{'type':'live','msg':'hello'}"), 400, "room is required"),
                no("roomWithBlankRoomIs400", ROOM, json("{'type':'live','room':'  ','msg':'hello'}"), 400,
                        "room is required"),
                no("roomLongerThan256CharactersIs400", ROOM, raw(TEXT, "type=live&room=" + "r".repeat(257), "hello"),
                        400, "room must be at most 256"),
                no("roomWithoutMsgIs400", ROOM, json("{'type':'live','room':'1000'}"), 400, "msg is required"),
                // -------------------------------------------------------- all
                no("broadcastWithoutOperationIs400", ALL, json("{'speed':1,'msg':'hello'}"), 400,
                        "operation is required"),
                no("broadcastWithNullJsonOperationIs400", ALL, json("{'operation':null,'msg':'hello'}"), 400,
                        "operation is required"),
                no("broadcastWithEmptyOperationIs400", ALL, raw(TEXT, "operation=", "hello"), 400,
                        "operation is required"),
                no("broadcastWithNegativeSpeedIs400", ALL, raw(TEXT, "operation=3&speed=-1", "hello"), 400,
                        "speed must not be negative"),
                no("broadcastWithNonNumericSpeedIs400", ALL, raw(TEXT, "operation=3&speed=fast", "hello"), 400,
                        "speed must be a 32-bit integer"),
                no("broadcastWithoutMsgIs400", ALL, json("{'operation':3}"), 400, "msg is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refused(String name, Parser parser, Call call, In request, int status, List<String> messageParts) {
        ApiException e = assertThrows(ApiException.class, () -> call.on(parser.create(), request.exchange()), name);
        assertEquals(status, e.status(), name + ": " + e.getMessage());
        for (String part : messageParts) {
            assertTrue(e.getMessage().contains(part),
                    name + ": message '" + e.getMessage() + "' should contain '" + part + "'");
        }
    }

    // ================================================================ cases that are not one outcome

    @Test
    void unescapedUtf8InQueryIsDecodedOrRefusedNeverMangled() {
        // the request line bytes of "?mids=1&msg=é" as Netty's HttpRequestDecoder turns them into a String
        Exchange exchange = raw(TEXT, "mids=1&msg=\u00c3\u00a9", "").exchange();
        try {
            assertEquals("é", text(IM.create().mids(exchange)));
        } catch (ApiException refused) {
            assertEquals(400, refused.status(), refused.getMessage());
        }
    }

    @Test
    void requestIdIsARandomVersion4Uuid() {
        PushRequestParser parser = IM.create();
        PushRequest first = parser.mids(json("{'mids':[1],'msg':'hello'}").exchange());
        PushRequest second = parser.mids(json("{'mids':[1],'msg':'hello'}").exchange());

        UUID id = UUID.fromString(first.requestId());
        assertEquals(4, id.version());
        assertEquals(2, id.variant());
        assertNotEquals(first.requestId(), second.requestId(), "two requests share an id");
    }

    // ================================================================ the tables' vocabulary

    /** Which parser a row runs: its style and its limits. */
    record Parser(PushRequestParser.Style style, int maxIds, int maxMsgBytes) {
        PushRequestParser create() {
            return new PushRequestParser(new RequestLimits(maxIds, maxMsgBytes), style);
        }
    }

    private static Parser im(int maxIds, int maxMsgBytes) {
        return new Parser(PushRequestParser.Style.IM, maxIds, maxMsgBytes);
    }

    private static Parser goim(int maxIds, int maxMsgBytes) {
        return new Parser(PushRequestParser.Style.GOIM, maxIds, maxMsgBytes);
    }

    /** The endpoint a row calls. */
    enum Call {
        MIDS, KEYS, ROOM, ALL;

        PushRequest on(PushRequestParser parser, Exchange exchange) {
            return switch (this) {
                case MIDS -> parser.mids(exchange);
                case KEYS -> parser.keys(exchange);
                case ROOM -> parser.room(exchange);
                case ALL -> parser.all(exchange);
            };
        }
    }

    private static final Call MIDS = Call.MIDS;
    private static final Call KEYS = Call.KEYS;
    private static final Call ROOM = Call.ROOM;
    private static final Call ALL = Call.ALL;

    /**
     * A request as platform-http hands it over. {@code body}: text (sent as UTF-8), bytes, a form's fields (a value
     * may be a list: the field repeated) or null.
     */
    record In(String method, String contentType, String rawQuery, Object body) {
        Exchange exchange() {
            Exchange exchange = new DefaultExchange(camel);
            if (method != null) {
                exchange.getIn().setHeader(Exchange.HTTP_METHOD, method);
            }
            Object payload = body instanceof String text ? bytes(text) : body;
            if (contentType != null && contentType.startsWith(FORM)) {
                // as HttpErrorHandlers hands a form over: raw bytes, original content type in a marker header
                exchange.getIn().setHeader(HttpErrorHandlers.FORM_BODY, contentType);
                exchange.getIn().setHeader(Exchange.CONTENT_TYPE, OCTETS);
                if (payload instanceof Map<?, ?> fields) {
                    payload = bytes(urlEncode(fields));
                }
            } else if (contentType != null) {
                exchange.getIn().setHeader(Exchange.CONTENT_TYPE, contentType);
            }
            if (rawQuery != null) {
                exchange.getIn().setHeader(Exchange.HTTP_RAW_QUERY, rawQuery);
            }
            exchange.getIn().setBody(payload);
            return exchange;
        }
    }

    private static In in(String method, String contentType, String rawQuery, Object body) {
        return new In(method, contentType, rawQuery, body);
    }

    private static In post(String contentType, String rawQuery, Object body) {
        return in("POST", contentType, rawQuery, body);
    }

    /** A JSON body; {@code '} stands for {@code "}. */
    private static In json(String body) {
        return post(JSON, null, q(body));
    }

    private static In form(Map<String, Object> fields) {
        return post(FORM, null, new LinkedHashMap<>(fields));
    }

    private static In raw(String contentType, String rawQuery, String body) {
        return post(contentType, rawQuery, body);
    }

    /** What the parser must have read; only the parts a row names are checked. */
    static final class Read {
        private final List<Consumer<PushRequest>> checks = new ArrayList<>();

        private Read expect(Consumer<PushRequest> check) {
            checks.add(check);
            return this;
        }

        Read target(PushRequest.Target target) {
            return expect(request -> assertEquals(target, request.target()));
        }

        /** The mids in any order, each once. */
        Read mids(long... mids) {
            long[] expected = mids.clone();
            Arrays.sort(expected);
            return expect(request -> {
                long[] actual = request.mids().clone();
                Arrays.sort(actual);
                assertArrayEquals(expected, actual, "mids (in any order) of " + Arrays.toString(request.mids()));
                assertEquals(Arrays.stream(actual).distinct().count(), actual.length, "mids are distinct");
            });
        }

        /** The keys in this order. */
        Read keys(String... keys) {
            return expect(request -> assertEquals(List.of(keys), request.keys()));
        }

        Read room(String room) {
            return expect(request -> assertEquals(room, request.room()));
        }

        Read op(int operation) {
            return expect(request -> assertEquals(operation, request.operation(), "operation"));
        }

        Read speed(int speed) {
            return expect(request -> assertEquals(speed, request.speed(), "speed"));
        }

        Read msg(String text) {
            return msg(bytes(text));
        }

        Read msg(byte[] msg) {
            return expect(request -> assertArrayEquals(msg, request.msg(), () -> "msg " + text(request)));
        }

        void check(PushRequest request) {
            checks.forEach(check -> check.accept(request));
        }
    }

    private static Read read() {
        return new Read();
    }

    private static Arguments ok(String name, Call call, In request, Read expected) {
        return ok(name, IM, call, request, expected);
    }

    private static Arguments ok(String name, Parser parser, Call call, In request, Read expected) {
        return Arguments.of(name, parser, call, request, expected);
    }

    private static Arguments no(String name, Call call, In request, int status, String... messageParts) {
        return no(name, IM, call, request, status, messageParts);
    }

    private static Arguments no(String name, Parser parser, Call call, In request, int status,
                                String... messageParts) {
        return Arguments.of(name, parser, call, request, status, List.of(messageParts));
    }

    // ================================================================ bytes and text

    /** JSON written with {@code '} for {@code "}. */
    private static String q(String json) {
        return json.replace('\'', '"');
    }

    private static byte[] filled(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 0xFF);
        return bytes;
    }

    private static String urlEncode(Map<?, ?> fields) {
        StringJoiner encoded = new StringJoiner("&");
        fields.forEach((name, value) -> {
            for (Object one : value instanceof List<?> list ? list : List.of(value)) {
                encoded.add(URLEncoder.encode(name.toString(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(one.toString(), StandardCharsets.UTF_8));
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
        byte[] all = new byte[Arrays.stream(parts).mapToInt(part -> part.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
