package io.jdlt.destination;

/**
 * Creates destinations by name. Implementations are found with {@link java.util.ServiceLoader}: list them in
 * {@code META-INF/services/io.jdlt.destination.DestinationFactory}.
 */
public interface DestinationFactory {

    /** The name used in {@code .destination("duckdb")} and in configuration. */
    String name();

    Destination create(DestinationContext context);
}
