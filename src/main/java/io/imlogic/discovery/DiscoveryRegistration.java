package io.imlogic.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps this node registered with goim's discovery service (bilibili discovery), where goim's comets find their
 * logic nodes ({@code discovery://default/goim.logic}): register once, renew on every tick of the
 * {@code renew-discovery-registration} route (goim: every 30 s), register again when discovery has forgotten us
 * (code -404), cancel at shutdown. Off when no discovery node is configured.
 *
 * <p>The discovery nodes replicate among themselves, so any one will do: calls go to the last one that answered,
 * and move on to the next when it cannot be reached. A discovery that cannot be reached is logged and tried again
 * on the next tick; the service keeps serving.
 */
public final class DiscoveryRegistration {

    /** goim's comets resolve this application id. */
    public static final String APP_ID = "goim.logic";
    /** discovery's instance status: takes traffic. */
    private static final String STATUS_UP = "1";
    private static final int NOT_FOUND = -404;

    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryRegistration.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** This node as discovery lists it. */
    public record Instance(String zone, String env, String hostname, String addr, int weight) {

        /** Host name and IP address default to the machine's own; comets dial {@code grpc://<ip>:<grpc port>}. */
        public static Instance of(String zone, String env, String hostname, String ip, int grpcPort, int weight) {
            return new Instance(zone, env, hostname.isBlank() ? LocalAddress.hostname() : hostname,
                    "grpc://" + (ip.isBlank() ? LocalAddress.ip() : ip) + ":" + grpcPort, weight);
        }
    }

    private final List<URI> nodes;
    private final Instance instance;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int node;
    private boolean registered;
    /** Set by cancel: a renewal tick still running during shutdown must not register this node again. */
    private boolean cancelled;

    /**
     * @param nodes    discovery servers as {@code host:port}, comma-separated; empty turns registration off
     * @param instance null when {@code nodes} is empty
     */
    public DiscoveryRegistration(String nodes, Instance instance) {
        List<URI> uris = new ArrayList<>();
        for (String address : nodes.split(",")) {
            if (!address.isBlank()) {
                String trimmed = address.trim();
                uris.add(URI.create(trimmed.contains("://") ? trimmed : "http://" + trimmed));
            }
        }
        this.nodes = List.copyOf(uris);
        this.instance = instance;
    }

    public boolean enabled() {
        return !nodes.isEmpty();
    }

    public Instance instance() {
        return instance;
    }

    /** One tick: registers when not registered (first tick, after a -404), renews otherwise. */
    public synchronized void renew() {
        if (!enabled() || cancelled) {
            return;
        }
        if (!registered) {
            register();
            return;
        }
        Integer code = call("renew", identity());
        if (code != null && code == NOT_FOUND) {
            LOG.info("discovery no longer knows {} (renew answered -404): registering again", instance.hostname());
            registered = false;
            register();
        } else if (code != null && code != 0) {
            LOG.warn("discovery refused the renewal of {}: code {}", instance.hostname(), code);
        }
    }

    /** Takes this node out of discovery, so comets stop dialling it before it stops. */
    public synchronized void cancel() {
        if (!enabled() || cancelled) {
            return;
        }
        cancelled = true;
        if (!registered) {
            return;
        }
        registered = false;
        Integer code = call("cancel", identity());
        if (code != null && code == 0) {
            LOG.info("cancelled the discovery registration of {}", instance.hostname());
        }
    }

    private void register() {
        Map<String, String> identity = identity();
        List<String[]> form = new ArrayList<>();
        identity.forEach((name, value) -> form.add(new String[] {name, value}));
        form.add(new String[] {"addrs", instance.addr()});
        form.add(new String[] {"status", STATUS_UP});
        form.add(new String[] {"version", "im-logic"});
        form.add(new String[] {"metadata", "{\"weight\":\"" + instance.weight() + "\"}"});
        Integer code = call("register", form);
        if (code != null && code == 0) {
            registered = true;
            LOG.info("registered with discovery as {} {} at {}", APP_ID, instance.hostname(), instance.addr());
        } else if (code != null) {
            LOG.warn("discovery refused to register {}: code {}", instance.hostname(), code);
        }
    }

    private Map<String, String> identity() {
        return Map.of("zone", instance.zone(), "env", instance.env(), "appid", APP_ID,
                "hostname", instance.hostname());
    }

    private Integer call(String action, Map<String, String> fields) {
        List<String[]> form = new ArrayList<>();
        fields.forEach((name, value) -> form.add(new String[] {name, value}));
        return call(action, form);
    }

    /** Posts the form to one discovery node after the other until one answers; its code, or null when none did. */
    private Integer call(String action, List<String[]> form) {
        StringBuilder body = new StringBuilder();
        for (String[] field : form) {
            body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(field[0], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(field[1], StandardCharsets.UTF_8));
        }
        for (int tried = 0; tried < nodes.size(); tried++) {
            URI uri = nodes.get(node).resolve("/discovery/" + action);
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(), HttpResponse.BodyHandlers.ofString());
                JsonNode reply = JSON.readTree(response.body());
                if (reply != null && reply.path("code").isInt()) {
                    return reply.path("code").asInt();
                }
                LOG.warn("discovery at {} answered {} to {} with no code: {}", uri, response.statusCode(), action,
                        response.body());
            } catch (IOException e) {
                LOG.warn("discovery at {} cannot be reached for {}: {}", uri, action, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            node = (node + 1) % nodes.size();
        }
        return null;
    }
}
