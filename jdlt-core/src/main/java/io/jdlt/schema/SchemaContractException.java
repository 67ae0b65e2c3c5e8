package io.jdlt.schema;

import io.jdlt.common.TerminalException;
import org.jspecify.annotations.Nullable;

/**
 * A schema contract refused a new table, column or data type (dlt's {@code DataValidationError}); the message names
 * the pipeline, table, column, stored and incoming types and the contract. The package stays unloaded.
 */
public class SchemaContractException extends TerminalException {

    private static final long serialVersionUID = 1L;

    private final String entity;
    private final String tableName;
    private final @Nullable String columnName;

    public SchemaContractException(String message, String entity, String tableName, @Nullable String columnName) {
        super(message);
        this.entity = entity;
        this.tableName = tableName;
        this.columnName = columnName;
    }

    /** {@code tables}, {@code columns} or {@code data_type}. */
    public String entity() {
        return entity;
    }

    public String tableName() {
        return tableName;
    }

    public @Nullable String columnName() {
        return columnName;
    }
}
