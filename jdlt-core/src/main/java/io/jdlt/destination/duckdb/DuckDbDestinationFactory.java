package io.jdlt.destination.duckdb;

import java.nio.file.Path;

import javax.sql.DataSource;

import io.jdlt.destination.Destination;
import io.jdlt.destination.DestinationContext;
import io.jdlt.destination.DestinationFactory;
import io.jdlt.destination.JdbcUrls;
import io.jdlt.destination.ReplaceStrategy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@code duckdb} destinations. Setting {@code credentials} is the database file (dlt accepts a path or
 * {@code duckdb:///path}); without it the file is {@code <pipeline_name>.duckdb}. Setting {@code replace_strategy}
 * is {@code truncate-and-insert} (default) or {@code insert-from-staging}. Without credentials, an application's
 * DataSource on a DuckDB file is used (its file).
 */
public final class DuckDbDestinationFactory implements DestinationFactory {

    private static final Logger log = LoggerFactory.getLogger(DuckDbDestinationFactory.class);

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
        String url;
        try {
            url = JdbcUrls.of(dataSource);
        }
        catch (RuntimeException unreachable) {
            // an application database that is down is no reason not to load into the default DuckDB file
            return null;
        }
        if (!url.startsWith("jdbc:duckdb:")) {
            return null;
        }
        String file = url.substring("jdbc:duckdb:".length());
        int options = file.indexOf('?');
        file = options < 0 ? file : file.substring(0, options);
        if (file.isBlank() || file.startsWith(":memory:")) {
            return null;
        }
        log.info("Pipeline {}: destination duckdb has no credentials configured; loading into the application's "
                + "DataSource, file {}", context.pipelineName(), file);
        return Path.of(file);
    }
}
