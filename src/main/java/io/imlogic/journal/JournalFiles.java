package io.imlogic.journal;

import io.imlogic.push.PushRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a journal folder at start: accepted minus done, per segment. Also reads the single-file journals of earlier
 * versions ({@code journal-*.log}, done lines anywhere), whose leftovers the journal moves into a new segment.
 */
final class JournalFiles {

    private static final Logger LOG = LoggerFactory.getLogger(JournalFiles.class);
    private static final String UNSEGMENTED = "journal-*.log";

    /** A segment that still holds pushes not done (ids, in accept order). */
    record Leftover(Path path, long sequence, List<String> pending) {
    }

    /**
     * @param pending      every push not done, oldest accept first
     * @param segments     the segments that hold some of them; the others were deleted
     * @param unsegmented  the leftovers of old single-file journals
     * @param nextSequence the sequence number for the next segment
     */
    record Contents(List<PushRequest> pending, List<Leftover> segments, List<PushRequest> unsegmented,
                    long nextSequence) {
    }

    private JournalFiles() {
    }

    static Contents read(Path folder) throws IOException {
        Set<String> done = new HashSet<>();
        Map<Path, Map<String, PushRequest>> accepted = new LinkedHashMap<>();
        List<Path> segmentPaths = list(folder, JournalSegment.PREFIX + "*" + JournalSegment.SUFFIX);
        segmentPaths.sort(Comparator.comparingLong(JournalSegment::sequenceOf));
        List<Path> oldPaths = list(folder, UNSEGMENTED);
        oldPaths.sort(Comparator.naturalOrder());
        for (Path path : oldPaths) {
            accepted.put(path, readLines(path, done));
        }
        for (Path path : segmentPaths) {
            accepted.put(path, readLines(path, done));
        }

        List<PushRequest> pending = new ArrayList<>();
        List<Leftover> segments = new ArrayList<>();
        List<PushRequest> unsegmented = new ArrayList<>();
        long nextSequence = 0;
        for (Map.Entry<Path, Map<String, PushRequest>> file : accepted.entrySet()) {
            List<PushRequest> left = file.getValue().values().stream()
                    .filter(request -> !done.contains(request.requestId())).toList();
            pending.addAll(left);
            long sequence = JournalSegment.sequenceOf(file.getKey());
            if (sequence < 0) {
                unsegmented.addAll(left);
                continue;
            }
            nextSequence = Math.max(nextSequence, sequence + 1);
            if (left.isEmpty()) {
                Files.delete(file.getKey());
            } else {
                segments.add(new Leftover(file.getKey(), sequence, left.stream().map(PushRequest::requestId).toList()));
            }
        }
        pending.sort(Comparator.comparingLong(PushRequest::acceptedAt));
        return new Contents(pending, segments, unsegmented, nextSequence);
    }

    static void deleteUnsegmented(Path folder) throws IOException {
        for (Path path : list(folder, UNSEGMENTED)) {
            Files.delete(path);
        }
    }

    private static List<Path> list(Path folder, String glob) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, glob)) {
            stream.forEach(paths::add);
        }
        return paths;
    }

    /** The accepts of one file (by id, in order); its done ids go into {@code done}. A torn last line is skipped. */
    private static Map<String, PushRequest> readLines(Path path, Set<String> done) throws IOException {
        Map<String, PushRequest> accepts = new LinkedHashMap<>();
        // a decoding reader that replaces malformed bytes: a torn last line must not stop the start
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(path),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith(JournalCodec.ACCEPT)) {
                    try {
                        PushRequest request = JournalCodec.decode(line.substring(JournalCodec.ACCEPT.length()));
                        accepts.put(request.requestId(), request);
                    } catch (IllegalArgumentException e) {
                        LOG.warn("accept journal {}: skipping an unreadable entry ({})", path, e.getMessage());
                    }
                } else if (line.startsWith(JournalCodec.DONE)) {
                    done.add(line.substring(JournalCodec.DONE.length()).trim());
                }
            }
        }
        return accepts;
    }
}
