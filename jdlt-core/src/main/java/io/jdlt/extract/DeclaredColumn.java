package io.jdlt.extract;

import java.util.List;

/**
 * A column declared for a resource's table or one of its nested tables.
 *
 * @param nestedPath the path of the nested table below the resource's table (its list fields), empty for the table
 * @param name the column name as the data has it; nested object fields are joined with {@code __}
 * @param spec the column's type and hints
 */
public record DeclaredColumn(List<String> nestedPath, String name, ColumnSpec spec) {

    public DeclaredColumn {
        nestedPath = List.copyOf(nestedPath);
    }
}
