@NullMarked
package io.jdlt.destination.sql;

import org.jspecify.annotations.NullMarked;
