interface PagerProps {
  label: string;
  page: number;
  pageCount: number;
  total: number;
  onPage: (page: number) => void;
}

/** Previous / next over a long list: only one page of rows is ever in the document, however many there are. */
export function Pager({ label, page, pageCount, total, onPage }: PagerProps) {
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 0}>
        Previous page
      </button>
      <span aria-live="polite">
        Page {pageCount === 0 ? 0 : page + 1} of {pageCount} ({total} in all)
      </span>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page + 1 >= pageCount}>
        Next page
      </button>
    </nav>
  );
}

/** One page of a list that is already in memory (a billing month's rows). */
export function pageOf<T>(items: T[], page: number, size: number): T[] {
  return items.slice(page * size, (page + 1) * size);
}
