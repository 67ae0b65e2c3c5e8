@NullMarked
package io.jdlt.normalize;

import org.jspecify.annotations.NullMarked;
