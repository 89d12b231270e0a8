package io.imlogic.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Hand-written SVG charts of a bench run: no plotting library, opens in any browser. */
final class Svg {

    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};

    private final StringBuilder out = new StringBuilder();

    private Svg(int width, int height, String title, String subtitle) {
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", width, height, width, height));
        out.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width, height));
        text(20, 26, title, 18, "start", "bold");
        text(20, 46, subtitle, 11, "start", "normal");
    }

    private void text(double x, double y, String s, int size, String anchor, String weight) {
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\" "
                + "font-weight=\"%s\">%s</text>\n", x, y, size, anchor, weight, escape(s)));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String human(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (v >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    record Series(String name, double[] values) {
    }

    record Line(String name, double value, String color) {
    }

    /** A grouped bar chart on a log10 axis, with optional horizontal reference lines. */
    private void bars(double x, double y, double w, double h, String title, String unit, String[] groups,
                      List<Series> series, List<Line> lines) {
        text(x, y - 8, title + "  [" + unit + "]", 13, "start", "bold");
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Series s : series) {
            for (double v : s.values) {
                if (v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        for (Line l : lines) {
            if (l.value > 0) {
                min = Math.min(min, l.value);
                max = Math.max(max, l.value);
            }
        }
        if (max == 0) {
            return;
        }
        double lo = Math.floor(Math.log10(min));
        double hi = Math.ceil(Math.log10(max * 1.5));
        if (hi - lo < 1) {
            hi = lo + 1;
        }
        double left = x + 52;
        double plotW = w - 60;
        double bottom = y + h - 22;
        double plotH = h - 34;
        out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                + "stroke=\"#999\"/>\n", left, bottom - plotH, plotW, plotH));
        for (double e = lo; e <= hi; e++) {
            double gy = bottom - (e - lo) / (hi - lo) * plotH;
            out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
                    left, gy, left + plotW, gy));
            text(left - 4, gy + 4, human(Math.pow(10, e)), 10, "end", "normal");
        }
        double groupW = plotW / groups.length;
        double barW = Math.min(40, (groupW - 16) / series.size());
        for (int g = 0; g < groups.length; g++) {
            double gx = left + g * groupW + (groupW - barW * series.size()) / 2;
            for (int s = 0; s < series.size(); s++) {
                double v = g < series.get(s).values.length ? series.get(s).values[g] : 0;
                if (v <= 0) {
                    continue;
                }
                double bh = Math.max(1, (Math.log10(v) - lo) / (hi - lo) * plotH);
                double bx = gx + s * barW;
                out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                        + "fill=\"%s\"/>\n", bx, bottom - bh, barW - 2, bh, COLORS[s % COLORS.length]));
                text(bx + barW / 2 - 1, bottom - bh - 3, human(v), 9, "middle", "normal");
            }
            // many groups: labels alternate between two lines so that they do not overlap
            double labelY = groups.length > 5 && g % 2 == 1 ? bottom + 27 : bottom + 14;
            text(left + g * groupW + groupW / 2, labelY, groups[g], 11, "middle", "normal");
        }
        for (Line l : lines) {
            if (l.value <= 0) {
                continue;
            }
            double ly = bottom - (Math.log10(l.value) - lo) / (hi - lo) * plotH;
            out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    + "stroke-dasharray=\"6,4\" stroke-width=\"1.5\"/>\n", left, ly, left + plotW, ly, l.color));
            text(left + plotW - 4, ly - 4, l.name + " " + human(l.value), 10, "end", "normal");
        }
        double lx = left + 6;
        for (int s = 0; s < series.size(); s++) {
            out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>\n",
                    lx, bottom - plotH + 6, COLORS[s % COLORS.length]));
            text(lx + 13, bottom - plotH + 15, series.get(s).name, 10, "start", "normal");
            lx += 20 + series.get(s).name.length() * 6;
        }
    }

    /** A line chart on a linear axis. */
    private void lines(double x, double y, double w, double h, String title, String unit, double[] xs,
                       List<Series> series, String xLabel) {
        text(x, y - 8, title + "  [" + unit + "]", 13, "start", "bold");
        double max = 1;
        for (Series s : series) {
            for (double v : s.values) {
                max = Math.max(max, v);
            }
        }
        double step = Math.pow(10, Math.floor(Math.log10(max)));
        double top = Math.ceil(max * 1.1 / step) * step;
        double left = x + 52;
        double plotW = w - 60;
        double bottom = y + h - 22;
        double plotH = h - 34;
        double xMax = xs.length == 0 ? 1 : Math.max(1, xs[xs.length - 1]);
        out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                + "stroke=\"#999\"/>\n", left, bottom - plotH, plotW, plotH));
        for (double v = 0; v <= top + 1e-9; v += top / 5) {
            double gy = bottom - v / top * plotH;
            out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
                    left, gy, left + plotW, gy));
            text(left - 4, gy + 4, human(v), 10, "end", "normal");
        }
        double tick = xMax > 30 ? 10 : xMax > 10 ? 5 : 1;
        for (double xv = 0; xv <= xMax; xv += tick) {
            text(left + xv / xMax * plotW, bottom + 14, String.format(Locale.ROOT, "%.0f", xv), 10, "middle", "normal");
        }
        text(left + plotW, bottom + 28, xLabel, 10, "end", "normal");
        for (int s = 0; s < series.size(); s++) {
            StringBuilder points = new StringBuilder();
            double[] v = series.get(s).values;
            for (int i = 0; i < Math.min(v.length, xs.length); i++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + xs[i] / xMax * plotW,
                        bottom - Math.max(0, v[i]) / top * plotH));
            }
            out.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\"/>\n",
                    points.toString().trim(), COLORS[s % COLORS.length]));
            out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>\n",
                    left + 6 + s * 115, bottom - plotH + 6, COLORS[s % COLORS.length]));
            text(left + 19 + s * 115, bottom - plotH + 15, series.get(s).name, 10, "start", "normal");
        }
    }

    private String end() {
        return out.append("</svg>\n").toString();
    }

    static String single(JsonNode result) {
        JsonNode meta = result.path("meta");
        Svg svg = new Svg(1100, 820, "im-logic: POST /im/push/mids on one node",
                meta.path("date").asText() + " — " + meta.path("machine").asText() + " — " + meta.path("seed").asText()
                        + " — " + meta.path("wrk").asText());
        List<String> groups = new ArrayList<>();
        List<Double> accepted = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> mids = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> k50 = new ArrayList<>();
        List<Double> k99 = new ArrayList<>();
        for (JsonNode row : result.path("phases")) {
            groups.add(row.path("mids_per_request").asInt() + " mids/req");
            accepted.add(row.path("accepted_per_s").asDouble());
            raw.add(row.path("raw_vertx_requests_per_s").asDouble());
            mids.add(row.path("mids_delivered_per_s").asDouble());
            p50.add(row.path("reply_p50_ms").asDouble());
            p99.add(row.path("reply_p99_ms").asDouble());
            // 0 ms (same millisecond) cannot sit on a log axis: shown as 0.1
            k50.add(Math.max(0.1, row.path("accept_to_kafka_p50_ms").asDouble()));
            k99.add(Math.max(0.1, row.path("accept_to_kafka_p99_ms").asDouble()));
        }
        String[] g = groups.toArray(String[]::new);
        svg.bars(20, 90, 520, 330, "Requests/s: im-logic (202s) vs raw Vert.x 202 server", "req/s, log", g,
                List.of(new Series("im-logic", arr(accepted)), new Series("raw Vert.x", arr(raw))), List.of());
        double redis = result.path("redis_benchmark").path("hgetall_pipelined_100_per_s").asDouble();
        svg.bars(560, 90, 520, 330, "Mids resolved and delivered to Kafka per second", "mids/s, log", g,
                List.of(new Series("im-logic mids/s", arr(mids))),
                List.of(new Line("redis-benchmark HGETALL -P 100", redis, "#d62728"),
                        new Line("target 40%", redis * 0.4, "#9467bd")));
        svg.bars(20, 470, 520, 330, "Reply latency (wrk, max load) and accept-to-Kafka", "ms, log", g,
                List.of(new Series("reply p50", arr(p50)), new Series("reply p99", arr(p99)),
                        new Series("accept→Kafka p50", arr(k50)), new Series("accept→Kafka p99", arr(k99))),
                List.of(new Line("5 ms", 5, "#d62728")));
        JsonNode series = result.path("backlog_1_mid").path("series");
        double perPush = Math.max(1, result.path("backlog_1_mid").path("records_per_push").asDouble(1));
        double[] xs = new double[series.size()];
        double[] acc = new double[series.size()];
        double[] del = new double[series.size()];
        double[] rec = new double[series.size()];
        double[] backlog = new double[series.size()];
        for (int i = 0; i < series.size(); i++) {
            JsonNode s = series.get(i);
            xs[i] = s.path("t_s").asDouble();
            acc[i] = s.path("accepted_per_s").asDouble();
            del[i] = s.path("delivered_per_s").asDouble();
            rec[i] = s.path("kafka_records_per_s").asDouble() / perPush;
            backlog[i] = s.path("backlog").asDouble();
        }
        svg.lines(560, 470, 520, 330, "Backlog check: 1 mid/request at full load", "pushes/s; backlog in pushes", xs,
                List.of(new Series("accepted/s", acc), new Series("delivered/s", del),
                        new Series("in Kafka/s", rec), new Series("backlog", backlog)), "seconds");
        return svg.end();
    }

    static String cluster(JsonNode result) {
        JsonNode meta = result.path("meta");
        Svg svg = new Svg(1100, 460, "im-logic behind nginx: one node vs two nodes (same Redis, same Kafka), and on Redis Cluster",
                meta.path("date").asText() + " — " + meta.path("machine").asText() + " — " + meta.path("wrk").asText());
        List<String> groups = new ArrayList<>();
        List<Double> accepted = new ArrayList<>();
        List<Double> mids = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (JsonNode row : result.path("phases")) {
            groups.add(row.path("label").asText());
            accepted.add(row.path("accepted_per_s").asDouble());
            mids.add(row.path("mids_delivered_per_s").asDouble());
            p99.add(row.path("reply_p99_ms").asDouble());
        }
        String[] g = groups.toArray(String[]::new);
        svg.bars(20, 90, 520, 340, "Requests/s accepted", "req/s (log)", g,
                List.of(new Series("requests/s", arr(accepted))), List.of());
        svg.bars(560, 90, 520, 340, "Mids delivered/s and reply p99", "log", g,
                List.of(new Series("mids/s", arr(mids)), new Series("reply p99 ms", arr(p99))), List.of());
        return svg.end();
    }

    private static double[] arr(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
