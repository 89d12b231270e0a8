package io.imlogic.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.DoubleStream;

/**
 * The samples {@link Monitor} wrote (first column the time in ms): counters read at any time by linear interpolation
 * between the samples around it; -1 (not read at that moment) is skipped. A column is named LABEL_WHAT, LABEL a
 * watched process; the SUFFIX methods add up the columns of every process that has one.
 */
record Samples(List<String> header, List<double[]> rows) {

    static Samples read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String> header = List.of(lines.get(0).split(","));
        List<double[]> rows = lines.stream().skip(1).map(line -> line.split(","))
                .filter(f -> f.length == header.size()) // else: the line being written when the monitor was stopped
                .map(f -> Arrays.stream(f).mapToDouble(Double::parseDouble).toArray()).toList();
        return new Samples(header, rows);
    }

    /** The processes with a column LABEL + SUFFIX, in the order of the columns. */
    List<String> labels(String suffix) {
        return header.stream().filter(h -> h.endsWith(suffix)).map(h -> h.substring(0, h.length() - suffix.length()))
                .toList();
    }

    double at(String column, double t) {
        int c = header.indexOf(column);
        if (c < 0) {
            throw new IllegalArgumentException("no column " + column);
        }
        double[] before = null;
        double[] after = null;
        for (double[] row : rows) {
            if (row[c] < 0) {
                continue;
            }
            if (row[0] <= t) {
                before = row;
            } else {
                after = row;
                break;
            }
        }
        if (before == null || after == null) {
            return before != null ? before[c] : after != null ? after[c] : 0;
        }
        return before[c] + (after[c] - before[c]) * (t - before[0]) / (after[0] - before[0]);
    }

    double delta(String column, double from, double to) {
        return at(column, to) - at(column, from);
    }

    double sumDelta(String suffix, double from, double to) {
        return labels(suffix).stream().mapToDouble(l -> delta(l + suffix, from, to)).sum();
    }

    double sumAt(String suffix, double t) {
        return labels(suffix).stream().mapToDouble(l -> at(l + suffix, t)).sum();
    }

    /** Per sample between FROM and TO where every process's SUFFIX column was read: their sum. */
    DoubleStream sums(String suffix, double from, double to) {
        int[] cols = labels(suffix).stream().mapToInt(l -> header.indexOf(l + suffix)).toArray();
        return rows.stream().filter(r -> cols.length > 0 && r[0] >= from && r[0] <= to)
                .filter(r -> Arrays.stream(cols).allMatch(c -> r[c] >= 0))
                .mapToDouble(r -> Arrays.stream(cols).mapToDouble(c -> r[c]).sum());
    }

    double maxOfSum(String suffix, double from, double to) {
        return sums(suffix, from, to).max().orElse(0);
    }

    double minOfSum(String suffix, double from, double to) {
        return sums(suffix, from, to).min().orElse(0);
    }
}
