/**
 * The files jdlt writes and reads: extract's typed JSON lines and normalize's loader files (JSON lines, CSV,
 * Parquet), their writers with rotation and compression, the readers destinations load them with, and their settings
 * ({@link io.jdlt.format.LoaderFileFormat}, {@link io.jdlt.format.DataWriterSettings},
 * {@link io.jdlt.format.ParquetCompression}: dlt's {@code loader_file_format} and {@code [data_writer]}).
 */
@NullMarked
package io.jdlt.format;

import org.jspecify.annotations.NullMarked;
