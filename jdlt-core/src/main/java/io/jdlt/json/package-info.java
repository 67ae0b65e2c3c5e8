@NullMarked
package io.jdlt.json;

import org.jspecify.annotations.NullMarked;
