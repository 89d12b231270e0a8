package io.imlogic.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback interface, for servers started by tests and the dev launcher. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * A port that was free a moment ago. Another process may still take it before the caller binds,
     * which is acceptable for tests; the OS hands out ephemeral ports round-robin, so clashes are rare.
     */
    public static int pick() {
        try (ServerSocket socket = bindLoopback(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback TCP port", e);
        }
    }

    /**
     * Whether nobody listens on the port. SO_REUSEADDR makes a port whose old connections linger in
     * TIME_WAIT count as free, as it does for the servers we start (they all set it too).
     */
    public static boolean isFree(int port) {
        try (ServerSocket ignored = bindLoopback(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static ServerSocket bindLoopback(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
