package io.hoptrace.ui.model.filter;

/**
 * A compiled display filter bound to one index: tests a row by its columns. Keeps caches (which address and label
 * ids match), so an instance belongs to one thread at a time.
 */
@FunctionalInterface
public interface RowPredicate {
    boolean test(int row);
}
