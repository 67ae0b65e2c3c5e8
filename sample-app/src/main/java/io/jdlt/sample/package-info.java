@NullMarked
package io.jdlt.sample;

import org.jspecify.annotations.NullMarked;
