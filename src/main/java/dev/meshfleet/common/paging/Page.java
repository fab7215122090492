package dev.meshfleet.common.paging;

import java.util.List;
import java.util.function.Function;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a listing. {@code nextCursor} is absent on the last page; pass it back as {@code cursor} for the next. */
public record Page<T>(List<T> items, @Schema(nullable = true) String nextCursor) {

    /**
     * Builds a page from {@code limit + 1} fetched rows: the extra row only tells that more exist, and the cursor is made
     * from the last row that is returned.
     */
    public static <R, T> Page<T> of(List<R> fetched, int limit, Function<R, T> toItem, Function<R, String> cursorKey) {
        boolean more = fetched.size() > limit;
        List<R> rows = more ? fetched.subList(0, limit) : fetched;
        String next = more ? Cursor.encode(cursorKey.apply(rows.get(rows.size() - 1))) : null;
        return new Page<>(rows.stream().map(toItem).toList(), next);
    }
}
