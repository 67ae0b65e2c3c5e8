package io.jdlt.destination.duckdb;

import java.nio.file.Path;

import io.jdlt.destination.Destination;
import io.jdlt.destination.DestinationContext;
import io.jdlt.destination.DestinationFactory;

/**
 * Creates {@code duckdb} destinations. Setting {@code credentials} is the database file (dlt accepts a path or
 * {@code duckdb:///path}); without it the file is {@code <pipeline_name>.duckdb}.
 */
public final class DuckDbDestinationFactory implements DestinationFactory {

    @Override
    public String name() {
        return DuckDbDestination.NAME;
    }

    @Override
    public Destination create(DestinationContext context) {
        String credentials = context.setting("credentials");
        if (credentials == null || credentials.isBlank()) {
            return DuckDbDestination.forPipeline(context.pipelineName());
        }
        String path = credentials.startsWith("duckdb:///") ? credentials.substring("duckdb:///".length()) : credentials;
        return DuckDbDestination.at(Path.of(path));
    }
}
