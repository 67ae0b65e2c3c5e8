package io.jdlt.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A worker's open Parquet files share its row-group memory: 16 MB each while few are open, a share when many are. */
class RowGroupBudgetTest {

    private static final long MB = 1024 * 1024;

    @Test
    void filesShareTheWorkersMemoryOnceManyAreOpen() {
        RowGroupBudget budget = new RowGroupBudget();

        assertThat(budget.open()).isEqualTo(16 * MB);
        for (int i = 2; i <= 4; i++) {
            assertThat(budget.open()).isEqualTo(16 * MB);
        }
        // a fifth table: 64 MB over five files
        assertThat(budget.open()).isEqualTo(64 * MB / 5);
        for (int i = 6; i < 100; i++) {
            budget.open();
        }
        // never below 1 MB, however many tables
        assertThat(budget.open()).isEqualTo(MB);

        for (int i = 0; i < 97; i++) {
            budget.closed();
        }
        // three files left open: the next one is the fourth
        assertThat(budget.open()).isEqualTo(16 * MB);
    }
}
