package io.jdlt.destination.duckdb;

import java.nio.file.Path;

import io.jdlt.destination.Destination;
import io.jdlt.destination.DestinationContext;
import io.jdlt.destination.DestinationFactory;
import io.jdlt.destination.ReplaceStrategy;

/**
 * Creates {@code duckdb} destinations. Setting {@code credentials} is the database file (dlt accepts a path or
 * {@code duckdb:///path}); without it the file is {@code <pipeline_name>.duckdb}. Setting {@code replace_strategy}
 * is {@code truncate-and-insert} (default) or {@code insert-from-staging}.
 */
public final class DuckDbDestinationFactory implements DestinationFactory {

    @Override
    public String name() {
        return DuckDbDestination.NAME;
    }

    @Override
    public Destination create(DestinationContext context) {
        String credentials = context.setting("credentials");
        DuckDbDestination destination;
        if (credentials == null || credentials.isBlank()) {
            destination = DuckDbDestination.forPipeline(context.pipelineName());
        }
        else {
            String path = credentials.startsWith("duckdb:///") ? credentials.substring("duckdb:///".length())
                    : credentials;
            destination = DuckDbDestination.at(Path.of(path));
        }
        String replaceStrategy = context.setting("replace_strategy");
        return replaceStrategy == null ? destination
                : destination.withReplaceStrategy(ReplaceStrategy.fromDltName(replaceStrategy));
    }
}
