package io.imlogic.it.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * An endpoint of the README's table; {@code fields} are the ones it reads, optional ones included. {@link #ALL} is
 * the table, {@link #UNKNOWN_PATHS} paths that are none.
 */
record Endpoint(String path, Kind kind, String call, List<String> fields, List<String> numeric) {

    enum Kind { PUSH, SESSION, ONLINE, NONE }

    static final List<Endpoint> ALL = new ArrayList<>();

    static {
        for (String prefix : List.of("/im", "/goim")) {
            ALL.add(new Endpoint(prefix + "/push/mids", Kind.PUSH, "mids",
                    List.of("operation", "mids", "msg"), List.of("operation", "mids")));
            ALL.add(new Endpoint(prefix + "/push/keys", Kind.PUSH, "keys",
                    List.of("operation", "keys", "msg"), List.of("operation")));
            ALL.add(new Endpoint(prefix + "/push/room", Kind.PUSH, "room",
                    List.of("operation", "type", "room", "msg"), List.of("operation")));
            ALL.add(new Endpoint(prefix + "/push/all", Kind.PUSH, "all",
                    List.of("operation", "speed", "msg"), List.of("operation", "speed")));
            ALL.add(new Endpoint(prefix + "/online/top", Kind.ONLINE, "top",
                    List.of("type", "limit"), List.of("limit")));
            ALL.add(new Endpoint(prefix + "/online/room", Kind.ONLINE, "rooms",
                    List.of("type", "rooms"), List.of()));
            ALL.add(new Endpoint(prefix + "/online/total", Kind.ONLINE, "total",
                    List.of("type"), List.of()));
            ALL.add(new Endpoint(prefix + "/nodes/weighted", Kind.ONLINE, "weighted",
                    List.of("platform"), List.of()));
            ALL.add(new Endpoint(prefix + "/nodes/instances", Kind.ONLINE, "instances",
                    List.of("platform"), List.of()));
        }
        ALL.add(new Endpoint("/im/session/connect", Kind.SESSION, "connect",
                List.of("server", "cookie", "token"), List.of("token.mid", "token.accepts")));
        ALL.add(new Endpoint("/im/session/disconnect", Kind.SESSION, "disconnect",
                List.of("mid", "key", "server"), List.of("mid")));
        ALL.add(new Endpoint("/im/session/heartbeat", Kind.SESSION, "heartbeat",
                List.of("mid", "key", "server"), List.of("mid")));
        ALL.add(new Endpoint("/im/session/online", Kind.SESSION, "online",
                List.of("server", "roomCount", "connCount", "ipCount"),
                List.of("connCount", "ipCount", "roomCount.value")));
    }

    static final String[] UNKNOWN_PATHS = {
        "/", "/im", "/im/", "/im/push", "/im/push/", "/im/push/mid", "/im/push/midsx", "/im/push/mids/",
        "/im/push/mids/1", "/IM/PUSH/MIDS", "/Im/Push/Mids", "/im//push/mids", "//im/push/mids", "/im/./push/mids",
        "/im/push/../push/mids", "/im/push/%6Dids", "/im/push/mids%2F", "/im/push/mids;x=1", "/im/push/mids.json",
        "/goim", "/goim/", "/goim/push/", "/goim/push/broadcast", "/goim/online/", "/im/online/top/1",
        "/im/online/", "/im/session/", "/im/session/connectx", "/im/session/connect/", "/api-doc/", "/api-docs",
        "/api-doc/../im/push/mids", "/favicon.ico", "/robots.txt", "/.env", "/actuator/health", "/q/health",
        "/metrics", "/%2e%2e/%2e%2e/etc/passwd", "/im/push/mids%00", "/im/push/mids%20", "/~", "/%20",
        "/im/push/all/../../session/connect", "/im/push/%2e%2e/push/mids", "/goim/push/mids/../../../..",
        "/im/push/mids%3F", "/im/push/mids%23", "/im%2Fpush%2Fmids", "/im/push/mi%64s",
    };
}
