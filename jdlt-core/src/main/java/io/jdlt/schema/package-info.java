@NullMarked
package io.jdlt.schema;

import org.jspecify.annotations.NullMarked;
