package io.imlogic.nodes;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the node list tells clients besides the nodes (goim's {@code [node]} and {@code [backoff]} settings), and how
 * each comet is weighted and reached: a default weight, per-comet weights, and per-comet client-facing addresses
 * (without one, a comet is reached at the address its calls come from).
 *
 * @param hostDomain appended to a comet's server id for web clients: {@code comet-1} + {@code .goim.io}
 */
public record NodeSettings(String domain, String hostDomain, int tcpPort, int wsPort, int wssPort,
                           int heartbeatSeconds, int heartbeatMax, Backoff backoff, int defaultWeight,
                           Map<String, Integer> weights, Map<String, List<String>> addresses) {

    /** goim's client reconnect backoff: delays in seconds, growing by {@code factor}, randomised by {@code jitter}. */
    public record Backoff(@JsonProperty("max_delay") int maxDelay, @JsonProperty("base_delay") int baseDelay,
                          @JsonProperty("factor") float factor, @JsonProperty("jitter") float jitter) {
    }

    public NodeSettings {
        weights = Map.copyOf(weights);
        addresses = Map.copyOf(addresses);
    }

    public int weightOf(String server) {
        return weights.getOrDefault(server, defaultWeight);
    }

    /** The configured addresses of a comet, else the one its calls came from, else none. */
    public List<String> addressesOf(String server, String peer) {
        List<String> configured = addresses.get(server);
        if (configured != null) {
            return configured;
        }
        return peer == null || peer.isEmpty() ? List.of() : List.of(peer);
    }

    /** {@code comet-1=20;comet-2=5}: per-comet weights, each at least 1. */
    public static Map<String, Integer> parseWeights(String text, String setting) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        entries(text, setting).forEach((server, value) -> {
            try {
                int weight = Integer.parseInt(value);
                if (weight < 1) {
                    throw new NumberFormatException();
                }
                weights.put(server, weight);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(setting + ": the weight of " + server
                        + " must be a whole number of at least 1, not '" + value + "'");
            }
        });
        return weights;
    }

    /** {@code comet-1=203.0.113.10,203.0.113.11;comet-2=203.0.113.20}: per-comet client-facing addresses. */
    public static Map<String, List<String>> parseAddresses(String text, String setting) {
        Map<String, List<String>> addresses = new LinkedHashMap<>();
        entries(text, setting).forEach((server, value) -> addresses.put(server,
                Arrays.stream(value.split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList()));
        return addresses;
    }

    private static Map<String, String> entries(String text, String setting) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException(setting + " must read server=value;server=value, not '"
                        + entry.trim() + "'");
            }
            entries.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return entries;
    }
}
