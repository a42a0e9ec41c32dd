/** An error the user must read, announced by screen readers as it appears. */
export function ErrorMessage({ text }: { text: string | null | undefined }) {
  return text ? (
    <p role="alert" className="error">
      {text}
    </p>
  ) : null;
}

export function Loading() {
  return <p aria-live="polite">Loading…</p>;
}
