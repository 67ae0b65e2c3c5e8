package io.jdlt.destination.duckdb;

import java.util.List;
import java.util.Map;

import io.jdlt.TestSupport;
import io.jdlt.destination.Destination;
import io.jdlt.destination.DestinationTestKit;
import io.jdlt.destination.ReplaceStrategy;

/** DuckDB passes the destination test kit, on a real database file. */
class DuckDbDestinationTest extends DestinationTestKit {

    @Override
    protected Destination destination(ReplaceStrategy replaceStrategy) {
        return DuckDbDestination.at(dir.resolve("kit.duckdb")).withReplaceStrategy(replaceStrategy);
    }

    @Override
    protected List<Map<String, Object>> query(String sql) {
        return TestSupport.query(dir.resolve("kit.duckdb"), sql);
    }
}
