@NullMarked
package io.jdlt.destination.duckdb;

import org.jspecify.annotations.NullMarked;
