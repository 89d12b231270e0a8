package io.imlogic.config;

/** A start-up problem an operator can fix (a port in use, Redis or Kafka unreachable): printed as one line. */
public final class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Finds a StartupException among the causes, since Camel wraps what configuration classes throw. */
    public static StartupException findIn(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StartupException startup) {
                return startup;
            }
        }
        return null;
    }
}
