package io.imlogic.bench.jmh;

import io.imlogic.api.PushRequestParser;
import io.imlogic.api.RequestLimits;
import io.imlogic.push.PushRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Parsing and validation of a push to mids, as the HTTP worker runs it before the 202: read the fields (JSON body,
 * or goim's query string with the raw message as body), parse and de-duplicate the mids, check the limits, build the
 * {@link PushRequest}. The exchange is built once: the parser only reads it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ParseBenchmark {

    @Param({"1", "100", "1000"})
    public int mids;

    /** json: im-cloud's JSON body; query: goim's {@code ?operation=..&mids=..&mids=..} with a text/plain body. */
    @Param({"json", "query"})
    public String style;

    private CamelContext context;
    private Exchange exchange;
    private PushRequestParser parser;

    @Setup(Level.Trial)
    public void setUp() {
        context = new DefaultCamelContext();
        context.start();
        parser = new PushRequestParser(new RequestLimits(10_000, 1 << 20));
        exchange = new DefaultExchange(context);
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
        StringBuilder ids = new StringBuilder();
        if (style.equals("json")) {
            for (int i = 0; i < mids; i++) {
                ids.append(i == 0 ? "" : ",").append(1_000_000L + i * 7919L);
            }
            exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getIn().setBody(("{\"operation\":1000,\"mids\":[" + ids + "],\"msg\":\"hello from bench\"}")
                    .getBytes(StandardCharsets.UTF_8));
        } else {
            ids.append("operation=1000");
            for (int i = 0; i < mids; i++) {
                ids.append("&mids=").append(1_000_000L + i * 7919L);
            }
            exchange.getIn().setHeader(Exchange.HTTP_RAW_QUERY, ids.toString());
            exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "text/plain");
            exchange.getIn().setBody("hello from bench".getBytes(StandardCharsets.UTF_8));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        context.stop();
    }

    @Benchmark
    public PushRequest parseAndValidate() {
        return parser.mids(exchange);
    }
}
