package io.jdlt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jdlt.destination.duckdb.DuckDbDestination;
import io.jdlt.json.Json;
import tools.jackson.databind.JsonNode;

/** Pipelines in a temporary folder with a real DuckDB file, and queries against that file. */
public final class TestSupport {

    private TestSupport() {
    }

    public static Pipeline duckDbPipeline(Path dir, String name) {
        return Jdlt.pipeline(name)
                .pipelinesDir(dir.resolve("pipelines"))
                .destination(DuckDbDestination.at(dir.resolve(name + ".duckdb")))
                .datasetName("raw")
                .build();
    }

    public static Path databaseFile(Pipeline pipeline) {
        return ((DuckDbDestination) pipeline.destination()).databaseFile();
    }

    public static List<Map<String, Object>> query(Pipeline pipeline, String sql) {
        return query(databaseFile(pipeline), sql);
    }

    public static List<Map<String, Object>> query(Path databaseFile, String sql) {
        return query("jdbc:duckdb:" + databaseFile, new java.util.Properties(), sql);
    }

    /** The rows of a query on any JDBC database, column label to value. */
    public static List<Map<String, Object>> query(String jdbcUrl, java.util.Properties properties, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rows.getMetaData();
            List<Map<String, Object>> result = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rows.getObject(i));
                }
                result.add(row);
            }
            return result;
        }
        catch (SQLException ex) {
            throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
        }
    }

    /** Runs a statement that returns no rows (DDL, say) on any JDBC database. */
    public static void execute(String jdbcUrl, java.util.Properties properties, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("cannot run " + sql + ": " + ex.getMessage(), ex);
        }
    }

    public static long count(Pipeline pipeline, String table) {
        return ((Number) query(pipeline, "SELECT count(*) AS n FROM raw.\"" + table + "\"").get(0).get("n")).longValue();
    }

    /** Column name to DuckDB type, in table order. */
    public static Map<String, String> columnTypes(Pipeline pipeline, String table) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> row : query(pipeline, "SELECT column_name, data_type, is_nullable FROM "
                + "information_schema.columns WHERE table_schema = '" + pipeline.datasetName() + "' AND table_name = '"
                + table + "' ORDER BY ordinal_position")) {
            types.put((String) row.get("column_name"), (String) row.get("data_type"));
        }
        return types;
    }

    public static JsonNode resourceJson(String name) {
        try (InputStream in = TestSupport.class.getResourceAsStream("/data/" + name)) {
            return Json.MAPPER.readTree(in);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> resourceRows(String name) {
        try (InputStream in = TestSupport.class.getResourceAsStream("/data/" + name)) {
            return Json.MAPPER.readValue(in, List.class);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
