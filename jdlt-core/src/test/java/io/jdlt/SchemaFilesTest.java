package io.jdlt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.jdlt.destination.duckdb.DuckDbDestination;
import io.jdlt.extract.ColumnSpec;
import io.jdlt.extract.Resource;
import io.jdlt.extract.Source;
import io.jdlt.schema.ContractMode;
import io.jdlt.schema.DataType;
import io.jdlt.schema.MergeStrategy;
import io.jdlt.schema.Schema;
import io.jdlt.schema.SchemaContract;
import io.jdlt.schema.SchemaFiles;
import io.jdlt.schema.WriteDisposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A schema exported to YAML, pinned in git, and imported by another pipeline. */
class SchemaFilesTest {

    @TempDir
    Path dir;

    private Pipeline.Builder builder(String name) {
        return Jdlt.pipeline(name).pipelinesDir(dir.resolve("pipelines"))
                .destination(DuckDbDestination.at(dir.resolve(name + ".duckdb"))).datasetName("raw");
    }

    @Test
    void anExportedSchemaSetsTheHintsOfAnotherPipeline() throws Exception {
        Path exported = dir.resolve("schemas");
        Pipeline author = builder("author").exportSchemaPath(exported).build();
        author.run(Source.of("shop", Resource.builder("orders").primaryKey("id")
                .writeDisposition(WriteDisposition.merge(MergeStrategy.UPSERT))
                .column("price", ColumnSpec.of(DataType.DECIMAL).precision(10, 2))
                .data(List.of(Map.of("id", 1, "price", 1.5))).build())
                .schemaContract(SchemaContract.EVOLVE.withColumns(ContractMode.DISCARD_VALUE)));
        Path file = exported.resolve("shop.schema.yaml");
        assertThat(file).exists();
        assertThat(Files.readString(file)).contains("price").contains("decimal").contains("upsert");

        // a second pipeline, its own working dir and database, given only the file
        Pipeline consumer = builder("consumer").importSchemaPath(exported).build();
        consumer.run(Source.of("shop", Resource.of("orders", List.of(Map.of("id", 1, "price", 2.25),
                Map.of("id", 1, "price", 3.75, "ignored", "x")).subList(0, 1))));
        consumer.run(Source.of("shop", Resource.of("orders", List.of(Map.of("id", 1, "price", 3.75, "ignored", "x")))));

        assertThat(TestSupport.columnTypes(consumer, "orders")).containsEntry("price", "DECIMAL(10,2)")
                .doesNotContainKey("ignored");
        // upsert on id, from the imported write disposition: one row, the last price
        assertThat(TestSupport.query(consumer, "SELECT id, CAST(price AS VARCHAR) AS price FROM raw.orders"))
                .containsExactly(Map.of("id", 1L, "price", "3.75"));
    }

    @Test
    void aJsonSchemaFileIsReadToo() throws Exception {
        Schema schema = new Schema("shop");
        Path json = dir.resolve("json");
        Files.createDirectories(json);
        Files.writeString(json.resolve("shop.schema.json"), io.jdlt.json.Json.toJson(schema.toDocument()));
        assertThat(SchemaFiles.read("shop", json)).get().extracting(Schema::name).isEqualTo("shop");
        assertThat(SchemaFiles.read("other", json)).isEmpty();
    }
}
