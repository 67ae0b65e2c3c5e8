package io.jdlt.destination.duckdb;

import java.nio.file.Path;

import javax.sql.DataSource;

import io.jdlt.destination.Destination;
import io.jdlt.destination.DestinationContext;
import io.jdlt.destination.DestinationFactory;
import io.jdlt.destination.JdbcUrls;
import io.jdlt.destination.ReplaceStrategy;
import org.jspecify.annotations.Nullable;

/**
 * Creates {@code duckdb} destinations. Setting {@code credentials} is the database file (dlt accepts a path or
 * {@code duckdb:///path}); without it the file is {@code <pipeline_name>.duckdb}. Setting {@code replace_strategy}
 * is {@code truncate-and-insert} (default) or {@code insert-from-staging}. Without credentials, an application's
 * DataSource on a DuckDB file is used (its file).
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
        Path applicationDatabase = credentials == null ? applicationDatabase(context) : null;
        if (applicationDatabase != null) {
            destination = DuckDbDestination.at(applicationDatabase);
        }
        else if (credentials == null || credentials.isBlank()) {
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

    /**
     * The file of the application's DataSource when it is a DuckDB file. DuckDB lets one process open a file, and
     * within the process its driver shares one database per file, so jdlt's connections and the pool's see the same
     * data. An in-memory DuckDB is private to each connection and cannot be shared.
     */
    private static @Nullable Path applicationDatabase(DestinationContext context) {
        DataSource dataSource = context.dataSource();
        if (dataSource == null) {
            return null;
        }
        String url = JdbcUrls.of(dataSource);
        if (!url.startsWith("jdbc:duckdb:")) {
            return null;
        }
        String file = url.substring("jdbc:duckdb:".length());
        int options = file.indexOf('?');
        file = options < 0 ? file : file.substring(0, options);
        return file.isBlank() || file.startsWith(":memory:") ? null : Path.of(file);
    }
}
