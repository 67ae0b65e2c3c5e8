package io.jdlt.format;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.jdlt.json.TypedJson;
import tools.jackson.core.JsonGenerator;

/**
 * Writes normalized rows as plain JSON lines, the {@code jsonl} loader file format: values already have their
 * column's type, and the destination casts the string forms (timestamps, dates, times, decimals, base64 bytes).
 */
public final class LoaderJson {

    private LoaderJson() {
    }

    public static void writeRow(JsonGenerator out, Map<String, Object> row) {
        out.writeStartObject();
        for (Map.Entry<String, Object> column : row.entrySet()) {
            out.writeName(io.jdlt.json.PropertyNames.of(column.getKey()));
            writeValue(out, column.getValue());
        }
        out.writeEndObject();
    }

    /** A json column's value as JSON text, as {@link #writeRow} writes it: a string value becomes a JSON string. */
    public static String jsonText(Object value) {
        java.io.StringWriter text = new java.io.StringWriter();
        try (JsonGenerator out = io.jdlt.json.Json.MAPPER.createGenerator(text)) {
            writeJsonValue(out, value);
        }
        return text.toString();
    }

    private static void writeValue(JsonGenerator out, Object value) {
        if (value == null) {
            out.writeNull();
        }
        else if (value instanceof String s) {
            out.writeString(s);
        }
        else if (value instanceof Long l) {
            out.writeNumber(l);
        }
        else if (value instanceof Double d) {
            out.writeNumber(d);
        }
        else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        }
        else if (value instanceof OffsetDateTime timestamp) {
            out.writeString(TypedJson.formatTimestamp(timestamp));
        }
        else if (value instanceof BigDecimal decimal) {
            out.writeString(decimal.toPlainString());
        }
        else if (value instanceof BigInteger big) {
            out.writeString(big.toString());
        }
        else if (value instanceof LocalDate || value instanceof LocalTime) {
            out.writeString(value.toString());
        }
        else if (value instanceof byte[] bytes) {
            out.writeString(Base64.getEncoder().encodeToString(bytes));
        }
        else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.writeName(String.valueOf(entry.getKey()));
                writeJsonValue(out, entry.getValue());
            }
            out.writeEndObject();
        }
        else if (value instanceof List<?> list) {
            out.writeStartArray();
            for (Object item : list) {
                writeJsonValue(out, item);
            }
            out.writeEndArray();
        }
        else {
            out.writeString(value.toString());
        }
    }

    /** Inside a json column, decimals and big integers stay numbers. */
    private static void writeJsonValue(JsonGenerator out, Object value) {
        if (value instanceof BigDecimal decimal) {
            out.writeNumber(decimal);
        }
        else if (value instanceof BigInteger big) {
            out.writeNumber(big);
        }
        else {
            writeValue(out, value);
        }
    }
}
