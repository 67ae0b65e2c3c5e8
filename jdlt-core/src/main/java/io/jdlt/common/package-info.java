/**
 * The foundation every layer imports (dlt's {@code common}): errors, terminal or transient; the stages of a run; the
 * listener that hears them; the progress of a run. It imports nothing else of jdlt.
 */
@NullMarked
package io.jdlt.common;

import org.jspecify.annotations.NullMarked;
