package io.jdlt.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import io.jdlt.TestSupport;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's example as a user would: the DuckDB file lands in the working directory (surefire runs in
 * {@code target/}) and the working dir under {@code JDLT_DATA_DIR} (set to {@code target/jdlt-data} by the pom).
 */
class ReadmeExampleTest {

    @Test
    void pokemonExampleLoadsThreeRowsWithTwoTextColumns() {
        PokemonPipeline.main(new String[0]);
        PokemonPipeline.main(new String[0]);

        Path database = Path.of("pokemon_pipeline.duckdb");
        assertThat(TestSupport.query(database, "SELECT count(*) AS n FROM raw.pokemon"))
                .containsExactly(Map.of("n", 3L));
        assertThat(TestSupport.query(database, "SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_schema = 'raw' AND table_name = 'pokemon' AND column_name NOT LIKE '\\_dlt%' ESCAPE '\\' "
                + "ORDER BY ordinal_position"))
                // Map.of has no fixed iteration order, so neither has the column order of this example
                .containsExactlyInAnyOrder(Map.of("column_name", "name", "data_type", "VARCHAR"),
                        Map.of("column_name", "url", "data_type", "VARCHAR"));
        assertThat(Path.of(System.getenv("JDLT_DATA_DIR"), "pipelines", "pokemon_pipeline", "state.json")).exists();
    }
}
