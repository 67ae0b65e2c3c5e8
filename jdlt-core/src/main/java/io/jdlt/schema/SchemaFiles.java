package io.jdlt.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.jdlt.json.Json;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Schemas as files a team can keep in git (dlt's {@code export_schema_path} / {@code import_schema_path}): the stored
 * schema document as {@code <schema>.schema.yaml}, or {@code .schema.json} on import.
 */
public final class SchemaFiles {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private SchemaFiles() {
    }

    public static Path export(Schema schema, Path directory) {
        Path file = directory.resolve(schema.name() + ".schema.yaml");
        try {
            Files.createDirectories(directory);
            Files.writeString(file, YAML.writeValueAsString(schema.toDocument()));
            return file;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot export schema '" + schema.name() + "' to " + file, ex);
        }
    }

    /** The schema named so in the directory, from YAML or JSON, if there is one. */
    @SuppressWarnings("unchecked")
    public static Optional<Schema> read(String schemaName, Path directory) {
        for (String suffix : List.of(".schema.yaml", ".schema.yml", ".schema.json")) {
            Path file = directory.resolve(schemaName + suffix);
            if (Files.exists(file)) {
                try {
                    Map<String, Object> document = suffix.endsWith("json") ? Json.readMap(file)
                            : YAML.readValue(Files.readString(file), Map.class);
                    return Optional.of(Schema.fromDocument(document));
                }
                catch (IOException | RuntimeException ex) {
                    throw new IllegalArgumentException("cannot import schema file " + file + ": " + ex.getMessage(), ex);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Applies an imported schema's hints onto the working one: its tables and columns are added, its table hints and
     * settings win, and its column types and hints win for columns that have no data type yet. Columns that already
     * hold data keep their type (the destination has it).
     */
    public static void applyImported(Schema imported, Schema target) {
        if (imported.schemaContract() != null) {
            target.schemaContract(imported.schemaContract());
        }
        if (!imported.typeWidenings().isEmpty()) {
            target.typeWidenings(imported.typeWidenings());
        }
        target.maxNesting(imported.maxNesting());
        for (Table table : imported.tables()) {
            if (Schema.isSystemTable(table.name())) {
                continue;
            }
            Table existing = target.table(table.name());
            if (existing == null) {
                Table copy = table.copy();
                copy.seenData(false);
                target.putTable(copy);
                continue;
            }
            if (table.writeDisposition() != null) {
                existing.writeDisposition(table.writeDisposition());
            }
            if (table.schemaContract() != null) {
                existing.schemaContract(table.schemaContract());
            }
            if (table.maxNesting() != null) {
                existing.maxNesting(table.maxNesting());
            }
            if (table.dedupSort() != null) {
                existing.dedupSort(table.dedupSort());
            }
            for (Column column : table.columns()) {
                Column local = existing.column(column.name());
                if (local == null || !local.isComplete()) {
                    existing.putColumn(column);
                }
                else {
                    // a column with data keeps its type and its type's properties: the destination has them
                    existing.putColumn(new Column(local.name(), local.dataType(), local.nullable(), column.hints(),
                            local.precision(), local.scale(), local.timezone()));
                }
            }
        }
    }
}
