package io.imlogic.it.fuzz;

import java.util.Locale;
import java.util.Random;

import static io.imlogic.it.fuzz.EncodingFamilies.badUtf8;
import static io.imlogic.it.fuzz.EncodingFamilies.oddFormNames;
import static io.imlogic.it.fuzz.EncodingFamilies.percentGarbage;
import static io.imlogic.it.fuzz.FuzzText.latin1Bytes;
import static io.imlogic.it.fuzz.HttpFamilies.atLimit;
import static io.imlogic.it.fuzz.HttpFamilies.contentTypes;
import static io.imlogic.it.fuzz.HttpFamilies.overLimit;
import static io.imlogic.it.fuzz.HttpFamilies.queryStyle;
import static io.imlogic.it.fuzz.HttpFamilies.randomBytes;
import static io.imlogic.it.fuzz.HttpFamilies.unknownPath;
import static io.imlogic.it.fuzz.HttpFamilies.wrongMethod;
import static io.imlogic.it.fuzz.JsonFamilies.brokenJson;
import static io.imlogic.it.fuzz.JsonFamilies.deepJson;
import static io.imlogic.it.fuzz.JsonFamilies.enormousFields;
import static io.imlogic.it.fuzz.JsonFamilies.hugeNumbers;
import static io.imlogic.it.fuzz.JsonFamilies.wrongTypes;

/**
 * Generates case {@code index} from its own seed: a weighted pick of one malformed-input family and one endpoint,
 * except every 1000th case (offset 500) over the body limit and every 1000th (offset 750) right at it.
 */
final class Generator {

    private static final String[] CATEGORIES = {
        "BROKEN_JSON", "DEEP_JSON", "WRONG_TYPES", "HUGE_NUMBERS", "ENORMOUS_FIELDS", "ODD_FORM_NAMES",
        "PERCENT_GARBAGE", "BAD_UTF8", "CONTENT_TYPE", "WRONG_METHOD", "UNKNOWN_PATH", "QUERY_STYLE",
        "RANDOM_BYTES",
    };

    private static final int[] WEIGHTS = {12, 6, 14, 10, 6, 10, 10, 8, 8, 6, 4, 4, 2};

    private Generator() {
    }

    static long caseSeed(long masterSeed, int index) {
        // every case's seed follows from the master seed and its index alone: a case regenerates without the others
        return new Random(masterSeed ^ (0x9E3779B97F4A7C15L * (index + 1))).nextLong();
    }

    static Case generate(int index, long seed) {
        Random r = new Random(seed);
        if (index % 1000 == 500) {
            return overLimit(index, seed, r);
        }
        if (index % 1000 == 750) {
            return atLimit(index, seed, r);
        }
        int total = 0;
        for (int w : WEIGHTS) {
            total += w;
        }
        int pick = r.nextInt(total);
        String category = CATEGORIES[CATEGORIES.length - 1];
        for (int i = 0; i < WEIGHTS.length; i++) {
            if (pick < WEIGHTS[i]) {
                category = CATEGORIES[i];
                break;
            }
            pick -= WEIGHTS[i];
        }
        Endpoint endpoint = Endpoint.ALL.get(r.nextInt(Endpoint.ALL.size()));
        Case c = new Case(index, seed, category, category.toLowerCase(Locale.ROOT));
        c.endpoint = endpoint;
        c.kind = endpoint.kind();
        switch (category) {
            case "BROKEN_JSON" -> brokenJson(c, r);
            case "DEEP_JSON" -> deepJson(c, r);
            case "WRONG_TYPES" -> wrongTypes(c, r);
            case "HUGE_NUMBERS" -> hugeNumbers(c, r);
            case "ENORMOUS_FIELDS" -> enormousFields(c, r);
            case "ODD_FORM_NAMES" -> oddFormNames(c, r);
            case "PERCENT_GARBAGE" -> percentGarbage(c, r);
            case "BAD_UTF8" -> badUtf8(c, r);
            case "CONTENT_TYPE" -> contentTypes(c, r);
            case "WRONG_METHOD" -> wrongMethod(c, r);
            case "UNKNOWN_PATH" -> unknownPath(c, r);
            case "QUERY_STYLE" -> queryStyle(c, r);
            default -> randomBytes(c, r);
        }
        markHttpLevelMalformations(c);
        return c;
    }

    /**
     * Flags a generated case the HTTP codec may refuse before any route (see the class comment): a request line
     * over 4 KiB, raw space, control or non-ASCII bytes in the request target, a header name that is not a token,
     * or a header value with control characters.
     */
    static void markHttpLevelMalformations(Case c) {
        if (c.method.length() + latin1Bytes(c.target).length + 10 > 4_000) {
            c.codec = true;
            // Vert.x answers its 414 without "Connection: close" and then closes: HttpClient would pool the dead
            // connection and fail the next request on it
            c.forceRaw = true;
        }
        for (int i = 0; i < c.target.length(); i++) {
            char ch = c.target.charAt(i);
            if (ch <= 0x20 || ch >= 0x7F) {
                c.codec = true;
            }
        }
        for (String[] header : c.headers) {
            if (!header[0].matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                c.codec = true;
            }
            for (int i = 0; i < header[1].length(); i++) {
                char ch = header[1].charAt(i);
                if (ch < 0x20 && ch != '\t' || ch == 0x7F) {
                    c.codec = true;
                }
            }
        }
    }
}
