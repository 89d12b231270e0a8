package io.imlogic.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;

/** Who this node is on the network, for discovery, when the configuration does not say. */
final class LocalAddress {

    private LocalAddress() {
    }

    /** The machine's host name, as goim's own nodes register (their HOSTNAME). */
    static String hostname() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tell this machine's host name; set IM_DISCOVERY_HOSTNAME", e);
        }
    }

    /** The first IPv4 address of an interface that is up and not loopback: where comets on other machines reach us. */
    static String ip() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
            return InetAddress.getLocalHost().getHostAddress();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tell this machine's address; set IM_DISCOVERY_ADDRESS", e);
        }
    }
}
