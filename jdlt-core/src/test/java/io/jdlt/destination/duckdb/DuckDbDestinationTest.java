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
        // arguments of parameterized tests ask for the capabilities before the temporary folder exists
        return DuckDbDestination.at(dir == null ? java.nio.file.Path.of("kit.duckdb") : dir.resolve("kit.duckdb"))
                .withReplaceStrategy(replaceStrategy);
    }

    @org.junit.jupiter.api.Test
    void aDatasetNamedLikeTheDatabaseFileLoads() {
        io.jdlt.Pipeline pipeline = io.jdlt.Jdlt.pipeline("kit").pipelinesDir(dir.resolve("same_name"))
                .destination(destination(ReplaceStrategy.TRUNCATE_AND_INSERT)).datasetName("kit").build();
        pipeline.run(List.of(Map.of("id", 1)), "items");
        org.assertj.core.api.Assertions.assertThat(query("SELECT count(*) AS n FROM kit.kit.items"))
                .containsExactly(Map.of("n", 1L));
    }

    @Override
    protected String[] destinationSpec() {
        return new String[] {"duckdb", dir.resolve("kit.duckdb").toString()};
    }

    @Override
    protected List<Map<String, Object>> query(String sql) {
        return TestSupport.query(dir.resolve("kit.duckdb"), sql);
    }
}
