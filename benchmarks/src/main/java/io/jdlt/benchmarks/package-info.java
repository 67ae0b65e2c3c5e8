/**
 * The benchmark harness: whole pipeline runs of the standard dataset, the destinations' physical limits, and a large
 * run in a small heap. See benchmarks/README.md.
 */
@NullMarked
package io.jdlt.benchmarks;

import org.jspecify.annotations.NullMarked;
