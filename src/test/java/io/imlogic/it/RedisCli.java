package io.imlogic.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RESP client for tests: talks to Redis without Redisson, so assertions about what the service did to
 * Redis do not go through the code under test.
 */
public final class RedisCli implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    public RedisCli(int port) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one command and returns the reply: String, Long, List, or null. */
    public Object call(String... args) {
        return pipeline(List.<String[]>of(args)).get(0);
    }

    /** Sends all commands in one write, then reads all replies: fast seeding of large test data. */
    public List<Object> pipeline(List<String[]> commands) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            for (String[] args : commands) {
                buffer.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
                for (String arg : args) {
                    byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                    buffer.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
                    buffer.write(bytes);
                    buffer.write("\r\n".getBytes(StandardCharsets.UTF_8));
                }
            }
            out.write(buffer.toByteArray());
            out.flush();
            List<Object> replies = new ArrayList<>(commands.size());
            for (int i = 0; i < commands.size(); i++) {
                replies.add(read());
            }
            return replies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a connection the way goim's comet does on connect: HSET mid_{mid} key server, SET key_{key} server. */
    public static List<String[]> connection(long mid, String key, String server) {
        return List.of(new String[] {"HSET", "mid_" + mid, key, server}, new String[] {"EXPIRE", "mid_" + mid, "3600"},
                new String[] {"SET", "key_" + key, server, "EX", "3600"});
    }

    /** A field of {@code INFO section}, e.g. {@code info("stats", "total_reads_processed")}. */
    public String info(String section, String field) {
        for (String line : call("INFO", section).toString().split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        return null;
    }

    /** Calls of a command so far, from {@code INFO commandstats} (0 when never called). */
    public long commandCalls(String command) {
        String stats = info("commandstats", "cmdstat_" + command);
        if (stats == null) {
            return 0;
        }
        String calls = stats.substring("calls=".length(), stats.indexOf(','));
        return Long.parseLong(calls);
    }

    private Object read() throws IOException {
        int type = in.read();
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IllegalStateException("Redis error: " + line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IllegalStateException("unexpected RESP type " + (char) type);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new IOException("Redis closed the connection");
            }
            line.write(b);
        }
        in.read();
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
