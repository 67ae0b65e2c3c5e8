package io.jdlt.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jdlt.json.Json;
import io.jdlt.schema.Digests;
import io.jdlt.schema.Schema;
import io.jdlt.schema.Table;
import org.junit.jupiter.api.Test;

/** The nesting rules of reference §2.4 and §2.5, row by row. */
class RelationalNormalizerTest {

    record Row(String table, String parent, Map<String, Object> values) {
    }

    private static List<Row> normalize(Schema schema, String json, String table) {
        List<Row> rows = new ArrayList<>();
        Object item = Json.MAPPER.readValue(json, Object.class);
        new RelationalNormalizer(schema).normalize(item, "1700000000.1", table,
                (t, parent, row) -> rows.add(new Row(t, parent, new HashMap<>(row))));
        return rows;
    }

    private static Schema schemaWithNesting(String table, Integer maxNesting) {
        Schema schema = new Schema("test");
        schema.putTable(new Table(table, null).maxNesting(maxNesting));
        return schema;
    }

    private static final String NESTED = "{\"id\":1,\"a\":{\"b\":{\"c\":1}},\"l1\":[{\"x\":1,\"l2\":[{\"y\":2,\"l3\":[{\"z\":3}]}]}]}";

    /** dlt's column order: the item's keys as they come (nested dicts flattened in place), then its load id and key. */
    @Test
    void theRootRowHasItsDataColumnsThenTheLoadIdThenTheRowKey() {
        List<String> columns = new ArrayList<>();
        List<String> childColumns = new ArrayList<>();
        new RelationalNormalizer(new Schema("test")).normalize(Json.MAPPER.readValue(
                "{\"id\":1,\"user\":{\"a\":{\"b\":2}},\"tags\":[\"x\"],\"z\":3,\"_dlt_load_id\":\"mine\",\"w\":4}",
                Object.class), "1700000000.1", "items", (table, parent, row) -> {
                    (table.equals("items") ? columns : childColumns).addAll(row.keySet());
                    return true;
                });
        assertThat(columns).containsExactly("id", "user__a__b", "z", "_dlt_load_id", "w", "_dlt_id");
        assertThat(childColumns).containsExactly("value", "_dlt_parent_id", "_dlt_list_idx", "_dlt_id");
    }

    @Test
    void nestingZeroKeepsEverythingInTheRootAsJson() {
        List<Row> rows = normalize(schemaWithNesting("nest", 0), NESTED, "nest");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).values()).containsEntry("a", Map.of("b", Map.of("c", 1)))
                .containsKey("l1").containsEntry("id", 1);
    }

    @Test
    void nestingOneFlattensOneLevelAndMakesOneChildTable() {
        List<Row> rows = normalize(schemaWithNesting("nest", 1), NESTED, "nest");
        assertThat(rows).extracting(Row::table).containsExactly("nest", "nest__l1");
        assertThat(rows.get(0).values()).containsEntry("a__b", Map.of("c", 1));
        assertThat(rows.get(1).values()).containsKey("l2").containsEntry("x", 1);
    }

    @Test
    void nestingTwoGoesOneLevelDeeper() {
        List<Row> rows = normalize(schemaWithNesting("nest", 2), NESTED, "nest");
        assertThat(rows).extracting(Row::table).containsExactly("nest", "nest__l1", "nest__l1__l2");
        assertThat(rows.get(0).values()).containsEntry("a__b__c", 1);
        assertThat(rows.get(2).values()).containsKey("l3").containsEntry("y", 2);
    }

    @Test
    void defaultNestingLinksChildrenToParentsWithDltHashes() {
        List<Row> rows = normalize(new Schema("test"), NESTED, "nest");
        assertThat(rows).extracting(Row::table)
                .containsExactly("nest", "nest__l1", "nest__l1__l2", "nest__l1__l2__l3");
        Row root = rows.get(0);
        assertThat(root.values()).containsEntry(Schema.LOAD_ID, "1700000000.1").doesNotContainKey(Schema.PARENT_ID);
        assertThat((String) root.values().get(Schema.ROW_ID)).hasSize(14);
        for (int i = 1; i < rows.size(); i++) {
            Row child = rows.get(i);
            Row parent = rows.get(i - 1);
            assertThat(child.parent()).isEqualTo(parent.table());
            assertThat(child.values()).doesNotContainKey(Schema.LOAD_ID)
                    .containsEntry(Schema.PARENT_ID, parent.values().get(Schema.ROW_ID))
                    .containsEntry(Schema.LIST_INDEX, 0L)
                    .containsEntry(Schema.ROW_ID, Digests.childRowId(
                            (String) parent.values().get(Schema.ROW_ID), child.table(), 0));
        }
    }

    @Test
    void listsOfScalarsAndListsOfLists() {
        List<Row> rows = normalize(new Schema("test"), "{\"id\":1,\"l\":[1,[2,3],\"x\"]}", "t");
        assertThat(rows).extracting(Row::table).containsExactly("t", "t__l", "t__l", "t__l__list", "t__l__list", "t__l");
        assertThat(rows.get(1).values()).containsEntry("value", 1).containsEntry(Schema.LIST_INDEX, 0L);
        // the wrapper row of the inner list sits in the same table, without a value
        assertThat(rows.get(2).values()).doesNotContainKey("value").containsEntry(Schema.LIST_INDEX, 1L);
        assertThat(rows.get(3).values()).containsEntry("value", 2)
                .containsEntry(Schema.PARENT_ID, rows.get(2).values().get(Schema.ROW_ID));
        assertThat(rows.get(4).values()).containsEntry("value", 3).containsEntry(Schema.LIST_INDEX, 1L);
        assertThat(rows.get(5).values()).containsEntry("value", "x").containsEntry(Schema.LIST_INDEX, 2L);
    }

    @Test
    void emptyDictsAndListsMakeNothingAndNullsStayForCoercion() {
        List<Row> rows = normalize(new Schema("test"), "{\"id\":1,\"d\":{},\"l\":[],\"n\":null,\"b\":{\"\":2}}", "t");
        assertThat(rows).hasSize(1);
        Map<String, Object> values = rows.get(0).values();
        assertThat(values).containsKey("n").containsEntry("b___empty", 2).doesNotContainKeys("d", "l");
    }

    @Test
    void scalarItemsAreWrappedInAValueColumn() {
        List<Row> rows = new ArrayList<>();
        new RelationalNormalizer(new Schema("test")).normalize("just text", "1.0", "t",
                (t, parent, row) -> rows.add(new Row(t, parent, new LinkedHashMap<>(row))));
        assertThat(rows.get(0).values()).containsEntry("value", "just text");
        assertThat(new ArrayList<>(rows.get(0).values().keySet()))
                .isEqualTo(Arrays.asList("value", Schema.LOAD_ID, Schema.ROW_ID));
    }

    @Test
    void keysAreNormalizedAndCollisionsMergeLastWins() {
        List<Row> rows = normalize(new Schema("test"), "{\"CamelCase\":1,\"a-b\":1,\"a_b\":2,\"x.y\":{\"Inner Key\":3}}", "T");
        assertThat(rows.get(0).values()).containsEntry("camel_case", 1).containsEntry("a_b", 2)
                .containsEntry("x_y__inner_key", 3);
    }
}
