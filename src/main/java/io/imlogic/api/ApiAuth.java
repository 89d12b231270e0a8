package io.imlogic.api;

import org.apache.camel.Exchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Optional bearer tokens, one per audience: the push API (business servers), the session API (comet nodes) and
 * admin calls. An audience without a token is open, except admin, which is off until it has one.
 *
 * <p>Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}: constant time, and the same time
 * whatever the length of the guess.
 */
public final class ApiAuth {

    private static final String BEARER = "Bearer ";

    private final byte[] push;
    private final byte[] session;
    private final byte[] admin;

    /** Empty strings mean "no token". */
    public ApiAuth(String pushToken, String sessionToken, String adminToken) {
        this.push = digestOrNull(pushToken);
        this.session = digestOrNull(sessionToken);
        this.admin = digestOrNull(adminToken);
    }

    public void push(Exchange exchange) {
        check(exchange, push, "IM_AUTH_PUSH_TOKEN");
    }

    public void session(Exchange exchange) {
        check(exchange, session, "IM_AUTH_SESSION_TOKEN");
    }

    /**
     * Why a gRPC call's {@code authorization} metadata does not pass the session token, or null when it does (or no
     * session token is set): the comets' gRPC calls are the same audience as the HTTP session API.
     */
    public String sessionRefusal(String authorization) {
        return refusal(session, authorization);
    }

    public void admin(Exchange exchange) {
        if (admin == null) {
            throw new ApiException(404, "the admin API is off: set IM_AUTH_ADMIN_TOKEN to turn it on");
        }
        check(exchange, admin, "IM_AUTH_ADMIN_TOKEN");
    }

    /** Whether IM_AUTH_ADMIN_TOKEN is set (Jolokia on the management port then requires it too). */
    public boolean hasAdminToken() {
        return admin != null;
    }

    /** Whether a token presented outside a Camel exchange (the management port's Jolokia) is the admin token. */
    public boolean isAdminToken(String token) {
        byte[] given = digestOrNull(token);
        return admin != null && given != null && MessageDigest.isEqual(admin, given);
    }

    private static void check(Exchange exchange, byte[] expected, String setting) {
        String refusal = refusal(expected, exchange.getIn().getHeader("Authorization", String.class));
        if (refusal != null) {
            throw new ApiException(401, refusal);
        }
    }

    private static String refusal(byte[] expected, String header) {
        if (expected == null) {
            return null;
        }
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return "a bearer token is required (Authorization: Bearer <token>)";
        }
        byte[] given = digestOrNull(header.substring(BEARER.length()).trim());
        if (given == null || !MessageDigest.isEqual(expected, given)) {
            return "the bearer token is not valid here";
        }
        return null;
    }

    private static byte[] digestOrNull(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.trim().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
