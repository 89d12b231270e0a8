package io.imlogic.bench;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;

/** The charts of the committed results, drawn by JFreeChart: what {@link Report}'s table says, as a picture. */
final class Chart {

    private Chart() {
    }

    /** Per phase: pushes accepted and delivered per second beside the raw Vert.x ceiling; reply and accept→Kafka p99. */
    static void phases(List<Figures.Row> rows, String title, Path png) throws IOException {
        DefaultCategoryDataset rates = new DefaultCategoryDataset();
        DefaultCategoryDataset latency = new DefaultCategoryDataset();
        for (Figures.Row r : rows) {
            rates.addValue(r.accepted(), "accepted/s", r.label());
            rates.addValue(r.delivered(), "delivered/s (in Kafka)", r.label());
            if (r.raw() > 0) {
                rates.addValue(r.raw(), "raw Vert.x/s (same run)", r.label());
            }
            latency.addValue(r.replyP99(), "reply p99 ms", r.label());
            latency.addValue(r.kafkaP99(), "accept→Kafka p99 ms", r.label());
        }
        CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(new CategoryAxis("phase"));
        plot.add(new CategoryPlot(rates, null, logAxis("pushes per second (log)"), new BarRenderer()), 3);
        BarRenderer latencyBars = new BarRenderer();
        plot.add(new CategoryPlot(latency, null, logAxis("ms (log)"), latencyBars), 2);
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        JFreeChart chart = themed(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
        latencyBars.setSeriesPaint(0, new Color(0xE08000));
        latencyBars.setSeriesPaint(1, new Color(0x8000A0));
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 700);
    }

    /** Soak: heap in use and journal folder size over the run, sum over the service nodes. */
    static void soak(Samples s, Figures.Phase p, String title, Path png) throws IOException {
        XYSeries heap = new XYSeries("heap in use, MiB");
        XYSeries journal = new XYSeries("journal folder, MiB");
        for (double[] row : s.rows()) {
            if (row[0] >= p.start() && row[0] <= p.drained()) {
                double t = (row[0] - p.start()) / 1000;
                heap.add(t, s.sumAt("_heap_used", row[0]) / Figures.MIB);
                journal.add(t, s.sumAt("_journal_bytes", row[0]) / Figures.MIB);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection(heap);
        data.addSeries(journal);
        JFreeChart chart = themed(ChartFactory.createXYLineChart(title, "seconds since the load started", "MiB", data,
                PlotOrientation.VERTICAL, true, false, false));
        ((NumberAxis) ((XYPlot) chart.getPlot()).getRangeAxis()).setAutoRangeIncludesZero(true);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 500);
    }

    private static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setSmallestValue(1);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.#"));
        return axis;
    }

    /** JFreeChart's own theme on a white background. */
    private static JFreeChart themed(JFreeChart chart) {
        StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setRangeGridlinePaint(Color.LIGHT_GRAY);
        theme.setDomainGridlinePaint(Color.LIGHT_GRAY);
        theme.apply(chart);
        return chart;
    }
}
