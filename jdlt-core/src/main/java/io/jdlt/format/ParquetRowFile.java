package io.jdlt.format;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.jdlt.schema.Column;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.jspecify.annotations.Nullable;

/**
 * A Parquet loader file written row by row with the columns' types, through parquet-avro without Hadoop: a plain
 * configuration, a local output file, and compression codecs of jdlt's own (snappy-java, zstd-jni). Timestamps are
 * microseconds adjusted to UTC (DuckDB reads them as {@code TIMESTAMP WITH TIME ZONE}), decimals keep their scale,
 * JSON columns hold their JSON text.
 */
public final class ParquetRowFile implements RowFile {

    private final List<Column> columns;
    private final Schema schema;
    private final ParquetWriter<GenericRecord> writer;

    /**
     * @param rowGroupBytes the most bytes a row group buffers in memory before it is written; larger row groups write
     *        and read faster (DuckDB reads a file's row groups in parallel)
     */
    public ParquetRowFile(Path path, List<Column> columns, ParquetCompression compression, long rowGroupBytes)
            throws IOException {
        this.columns = List.copyOf(columns);
        this.schema = avroSchema(columns);
        CompressionCodecName codec = switch (compression) {
            case SNAPPY -> CompressionCodecName.SNAPPY;
            case ZSTD -> CompressionCodecName.ZSTD;
            case UNCOMPRESSED -> CompressionCodecName.UNCOMPRESSED;
        };
        this.writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(path))
                .withSchema(schema)
                .withDataModel(GenericData.get())
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new Codecs())
                .withCompressionCodec(codec)
                .withRowGroupSize(rowGroupBytes)
                .build();
    }

    @Override
    public void write(@Nullable Object[] values) throws IOException {
        GenericRecord record = new GenericData.Record(schema);
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            record.put(i, value == null ? null : value(columns.get(i), value));
        }
        writer.write(record);
    }

    @Override
    public long size() {
        return writer.getDataSize();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    static Schema avroSchema(List<Column> columns) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Column column : columns) {
            Schema type = switch (column.type()) {
                case TEXT, JSON -> Schema.create(Schema.Type.STRING);
                case BIGINT -> Schema.create(Schema.Type.LONG);
                case DOUBLE -> Schema.create(Schema.Type.DOUBLE);
                case BOOL -> Schema.create(Schema.Type.BOOLEAN);
                case TIMESTAMP -> (column.hasTimezone() ? LogicalTypes.timestampMicros()
                        : LogicalTypes.localTimestampMicros()).addToSchema(Schema.create(Schema.Type.LONG));
                case DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
                case TIME -> LogicalTypes.timeMicros().addToSchema(Schema.create(Schema.Type.LONG));
                case DECIMAL -> LogicalTypes.decimal(precision(column), scale(column))
                        .addToSchema(Schema.create(Schema.Type.BYTES));
                case WEI -> LogicalTypes.decimal(38, 0).addToSchema(Schema.create(Schema.Type.BYTES));
                case BINARY -> Schema.create(Schema.Type.BYTES);
            };
            fields.add(new Schema.Field(column.name(), Schema.createUnion(Schema.create(Schema.Type.NULL), type), null,
                    Schema.Field.NULL_DEFAULT_VALUE));
        }
        return Schema.createRecord("row", null, "io.jdlt", false, fields);
    }

    private static int precision(Column column) {
        return column.precision() == null ? 38 : column.precision();
    }

    private static int scale(Column column) {
        return column.precision() == null ? 9 : column.scale() == null ? 0 : column.scale();
    }

    /** Microseconds since the epoch, rounded down as the other formats' text is cut: before 1970 too. */
    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /** A value as normalize coerced it (or its text form) in the column's Avro representation. */
    private static Object value(Column column, Object value) {
        return switch (column.type()) {
            case TEXT -> value.toString();
            case JSON -> LoaderJson.jsonText(value);
            case BIGINT -> ((Number) value).longValue();
            case DOUBLE -> ((Number) value).doubleValue();
            case BOOL -> value;
            case TIMESTAMP -> micros((value instanceof OffsetDateTime timestamp ? timestamp
                    : OffsetDateTime.parse(value.toString())).toInstant());
            case DATE -> (int) (value instanceof LocalDate date ? date : LocalDate.parse(value.toString())).toEpochDay();
            case TIME -> (value instanceof LocalTime time ? time : LocalTime.parse(value.toString())).toNanoOfDay()
                    / 1_000;
            case DECIMAL -> decimal(value, scale(column));
            case WEI -> decimal(value, 0);
            case BINARY -> ByteBuffer.wrap(value instanceof byte[] bytes ? bytes
                    : java.util.Base64.getDecoder().decode(value.toString()));
        };
    }

    private static ByteBuffer decimal(Object value, int scale) {
        BigDecimal decimal = (value instanceof BigDecimal exact ? exact : value instanceof BigInteger integer
                ? new BigDecimal(integer) : new BigDecimal(value.toString())).setScale(scale, RoundingMode.HALF_EVEN);
        return ByteBuffer.wrap(decimal.unscaledValue().toByteArray());
    }

    /** Snappy and zstd without Hadoop's codec classes; jdlt only writes, so there are no decompressors. */
    private static final class Codecs implements CompressionCodecFactory {

        @Override
        public BytesInputCompressor getCompressor(CompressionCodecName name) {
            return new BytesInputCompressor() {
                @Override
                public BytesInput compress(BytesInput bytes) throws IOException {
                    byte[] input = bytes.toByteArray();
                    return switch (name) {
                        case SNAPPY -> BytesInput.from(org.xerial.snappy.Snappy.compress(input));
                        case ZSTD -> BytesInput.from(com.github.luben.zstd.Zstd.compress(input, 3));
                        case UNCOMPRESSED -> BytesInput.from(input);
                        default -> throw new IOException("jdlt writes Parquet with snappy, zstd or no compression, not "
                                + name);
                    };
                }

                @Override
                public CompressionCodecName getCodecName() {
                    return name;
                }

                @Override
                public void release() {
                }
            };
        }

        @Override
        public BytesInputDecompressor getDecompressor(CompressionCodecName name) {
            throw new IllegalStateException("jdlt writes Parquet files and never reads them back");
        }

        @Override
        public void release() {
        }
    }

    /** Whether the Parquet libraries are on the class path (they are optional). */
    public static boolean available() {
        try {
            Class.forName("org.apache.parquet.avro.AvroParquetWriter", false, ParquetRowFile.class.getClassLoader());
            return true;
        }
        catch (ClassNotFoundException ex) {
            return false;
        }
    }
}
