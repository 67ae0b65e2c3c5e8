package io.jdlt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.jdlt.extract.ExtractException;
import io.jdlt.extract.Resource;
import io.jdlt.extract.Source;
import io.jdlt.schema.SchemaContractException;
import io.jdlt.extract.ColumnSpec;
import io.jdlt.schema.ContractMode;
import io.jdlt.schema.DataType;
import io.jdlt.schema.TypeWidening;
import io.jdlt.schema.SchemaContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** dlt's schema contracts (reference §8): every entity and mode, set on a resource, a source or a run. */
class SchemaContractTest {

    @TempDir
    Path dir;

    enum Entity { TABLES, COLUMNS, DATA_TYPE }

    enum Scope { RESOURCE, SOURCE, RUN }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Entity entity : Entity.values()) {
            for (ContractMode mode : ContractMode.values()) {
                for (Scope scope : Scope.values()) {
                    cases.add(Arguments.of(entity, mode, scope));
                }
            }
        }
        return cases.stream();
    }

    private static Map<String, Object> change(Entity entity) {
        return switch (entity) {
            case TABLES -> Map.of("id", 2, "n", 2, "tags", List.of("a"));     // a new nested table
            case COLUMNS -> Map.of("id", 2, "n", 2, "extra", "x");            // a new column
            case DATA_TYPE -> Map.of("id", 2, "n", "abc");                    // a variant of n
        };
    }

    private static SchemaContract contract(Entity entity, ContractMode mode) {
        return switch (entity) {
            case TABLES -> SchemaContract.EVOLVE.withTables(mode);
            case COLUMNS -> SchemaContract.EVOLVE.withColumns(mode);
            case DATA_TYPE -> SchemaContract.EVOLVE.withDataType(mode);
        };
    }

    private Map<String, String> columns(Pipeline pipeline, String table) {
        return TestSupport.columnTypes(pipeline, table);
    }

    @ParameterizedTest(name = "{0} {1} on the {2}")
    @MethodSource("matrix")
    void contractDecidesWhatAChangeDoes(Entity entity, ContractMode mode, Scope scope) {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "contracts");
        pipeline.run(Source.of("shop", Resource.of("items", List.of(Map.of("id", 1, "n", 1)))));

        SchemaContract contract = contract(entity, mode);
        Resource items = Resource.of("items", List.of(change(entity)));
        Source source = Source.of("shop", scope == Scope.RESOURCE ? items.schemaContract(contract) : items);
        if (scope == Scope.SOURCE) {
            source = source.schemaContract(contract);
        }
        Source run = source;
        if (mode == ContractMode.FREEZE) {
            assertThatThrownBy(() -> load(pipeline, run, scope == Scope.RUN ? contract : null))
                    .isInstanceOf(SchemaContractException.class)
                    .hasMessageContaining("Pipeline 'contracts'")
                    .hasMessageContaining("freezes " + entity.name().toLowerCase(java.util.Locale.ROOT))
                    .hasMessageContaining(entity == Entity.TABLES ? "table 'items__tags'" : "table 'items'")
                    .hasMessageContaining(entity == Entity.COLUMNS ? "column 'extra'"
                            : entity == Entity.DATA_TYPE ? "column 'n', stored type bigint, incoming type text" : "");
            assertThat(TestSupport.count(pipeline, "items")).isEqualTo(1);
            // the refused package is aborted: it does not block the next run
            assertThat(pipeline.hasPendingData()).isFalse();
            return;
        }
        load(pipeline, run, scope == Scope.RUN ? contract : null);
        long rows = TestSupport.count(pipeline, "items");
        switch (mode) {
            case EVOLVE -> {
                assertThat(rows).isEqualTo(2);
                switch (entity) {
                    case TABLES -> assertThat(TestSupport.count(pipeline, "items__tags")).isEqualTo(1);
                    case COLUMNS -> assertThat(columns(pipeline, "items")).containsKey("extra");
                    case DATA_TYPE -> assertThat(columns(pipeline, "items")).containsKey("n__v_text");
                }
            }
            case DISCARD_ROW -> {
                // a new nested table is filtered as a whole, the parent row stays (dlt: tables treat both discards alike)
                assertThat(rows).isEqualTo(entity == Entity.TABLES ? 2 : 1);
                assertThat(columns(pipeline, "items")).doesNotContainKeys("extra", "n__v_text");
            }
            case DISCARD_VALUE -> {
                assertThat(rows).isEqualTo(2);
                assertThat(columns(pipeline, "items")).doesNotContainKeys("extra", "n__v_text");
                if (entity == Entity.DATA_TYPE) {
                    assertThat(TestSupport.query(pipeline, "SELECT n FROM raw.items WHERE id = 2"))
                            .containsExactly(java.util.Collections.singletonMap("n", null));
                }
            }
            default -> throw new IllegalStateException();
        }
        if (entity == Entity.TABLES && mode != ContractMode.EVOLVE) {
            assertThat(TestSupport.query(pipeline, "SELECT table_name FROM information_schema.tables "
                    + "WHERE table_name = 'items__tags'")).isEmpty();
        }
    }

    private static void load(Pipeline pipeline, Source source, SchemaContract runContract) {
        if (runContract == null) {
            pipeline.run(source);
        }
        else {
            pipeline.run(source, runContract);
        }
    }

    @Test
    void theMostSpecificScopeWins() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "scopes");
        pipeline.run(Source.of("shop", Resource.of("items", List.of(Map.of("id", 1)))));
        SchemaContract frozen = SchemaContract.EVOLVE.withColumns(ContractMode.FREEZE);
        Resource items = Resource.of("items", List.of(Map.of("id", 2, "extra", "x"))).schemaContract(frozen);
        // the resource's freeze beats the source's evolve
        assertThatThrownBy(() -> pipeline.run(Source.of("shop", items).schemaContract(SchemaContract.EVOLVE)))
                .isInstanceOf(SchemaContractException.class);
        // the run's contract beats the resource's
        pipeline.run(Source.of("shop", items), SchemaContract.EVOLVE);
        assertThat(TestSupport.columnTypes(pipeline, "items")).containsKey("extra");
    }

    @Test
    void aNewTableDefinesItsColumnsOnceWhateverTheColumnsContract() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "new_table");
        SchemaContract frozenColumns = SchemaContract.EVOLVE.withColumns(ContractMode.FREEZE);
        pipeline.run(Source.of("shop", Resource.of("items", List.of(Map.of("id", 1, "n", 1), Map.of("id", 2, "m", 2)))
                .schemaContract(frozenColumns)));
        assertThat(TestSupport.columnTypes(pipeline, "items")).containsKeys("id", "n", "m");
        assertThatThrownBy(() -> pipeline.run(Source.of("shop", Resource.of("items", List.of(Map.of("id", 3, "o", 3)))
                .schemaContract(frozenColumns)))).isInstanceOf(SchemaContractException.class)
                .hasMessageContaining("column 'o'");
    }

    @Test
    void frozenTablesRefuseANewResourceAtExtract() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "frozen_tables");
        assertThatThrownBy(() -> pipeline.run(Source.of("shop", Resource.of("brand_new", List.of(Map.of("id", 1))))
                .schemaContract(SchemaContract.all(ContractMode.FREEZE))))
                .isInstanceOf(SchemaContractException.class).hasMessageContaining("Pipeline 'frozen_tables'")
                .hasMessageContaining("table 'brand_new' is a new table");
        assertThat(pipeline.hasPendingData()).isFalse();
        // columns declared in code do not make a table old
        assertThatThrownBy(() -> pipeline.run(Source.of("shop", Resource.of("declared", List.of(Map.of("id", 1)))
                .column("id", ColumnSpec.of(DataType.BIGINT))).schemaContract(SchemaContract.all(ContractMode.FREEZE))))
                .isInstanceOf(SchemaContractException.class).hasMessageContaining("table 'declared' is a new table");
    }

    @Test
    void declaredColumnsLetANewTableStillDefineItsColumnsAndObeyTheContractLater() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "declared");
        SchemaContract frozenColumns = SchemaContract.EVOLVE.withColumns(ContractMode.FREEZE);
        pipeline.run(Source.of("shop", Resource.of("items", List.of(Map.of("id", 1, "name", "a")))
                .column("id", ColumnSpec.of(DataType.BIGINT)).schemaContract(frozenColumns)));
        assertThat(TestSupport.columnTypes(pipeline, "items")).containsKeys("id", "name");
        // a column declared later is a new column like any other
        assertThatThrownBy(() -> pipeline.run(Source.of("shop", Resource.of("items", List.of(Map.of("id", 2)))
                .column("late", ColumnSpec.of(DataType.TEXT)).schemaContract(frozenColumns))))
                .isInstanceOf(SchemaContractException.class).hasMessageContaining("column 'late'");
    }

    @Test
    void wideningIsADataTypeChangeForTheContractAndForgetsTheNarrowPrecision() {
        Pipeline frozen = TestSupport.duckDbPipeline(dir, "widening_frozen");
        frozen.run(Source.of("shop", Resource.of("sales", List.of(Map.of("id", 1, "amount", 5))))
                .typeWidening(TypeWidening.BIGINT_TO_DOUBLE));
        assertThatThrownBy(() -> frozen.run(Source.of("shop", Resource.of("sales", List.of(Map.of("id", 2, "amount", 1.5))))
                .typeWidening(TypeWidening.BIGINT_TO_DOUBLE).schemaContract(SchemaContract.all(ContractMode.FREEZE))))
                .isInstanceOf(SchemaContractException.class).hasMessageContaining("freezes data_type");

        Pipeline decimal = TestSupport.duckDbPipeline(dir, "widening_decimal");
        Resource.Builder sales = Resource.builder("sales").column("amount", ColumnSpec.of(DataType.BIGINT).precision(32));
        decimal.run(Source.of("shop", sales.data(List.of(Map.of("id", 1, "amount", 5))).build())
                .typeWidening(TypeWidening.BIGINT_TO_DECIMAL));
        decimal.run(Source.of("shop", sales.data(List.of(Map.of("id", 2, "amount", new java.math.BigDecimal("1.25"))))
                .build()).typeWidening(TypeWidening.BIGINT_TO_DECIMAL));
        assertThat(TestSupport.query(decimal, "SELECT CAST(amount AS VARCHAR) AS a FROM raw.sales ORDER BY id"))
                .extracting(r -> r.get("a")).containsExactly("5.000000000", "1.250000000");
    }

    public static final class Account {
        private boolean isActive = true;
        private final String hidden = "no getter";

        public boolean isActive() {
            return isActive;
        }

        public String getOwner() {
            return "ann";
        }
    }

    public record Person(long id, Address address, java.util.Optional<String> note) {
    }

    public record Address(int zip, String city) {
    }

    @Test
    void beansGiveTheirPropertiesAndNullableRecordsTheirColumns() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "beans");
        pipeline.run(Resource.of("accounts", List.of(new Account())).columnsFrom(Account.class));
        assertThat(TestSupport.columnTypes(pipeline, "accounts")).containsEntry("active", "BOOLEAN")
                .containsEntry("owner", "VARCHAR").doesNotContainKeys("is_active", "hidden");

        java.util.Map<String, Object> noAddress = new java.util.HashMap<>();
        noAddress.put("id", 1);
        noAddress.put("address", null);
        noAddress.put("note", "hello");
        pipeline.run(Resource.of("people", List.of(noAddress)).columnsFrom(Person.class));
        assertThat(TestSupport.columnTypes(pipeline, "people")).containsEntry("address__zip", "BIGINT")
                .containsEntry("note", "VARCHAR");
        assertThat(TestSupport.query(pipeline, "SELECT address__zip, note FROM raw.people"))
                .containsExactly(java.util.Collections.unmodifiableMap(new java.util.HashMap<>(java.util.Map.of("note", "hello")) {
                    {
                        put("address__zip", null);
                    }
                }));
    }
}
