/**
 * GraphiQL's storage kept in this page's memory only: the bearer token a user pastes into the headers editor (and the
 * queries, tabs and theme beside it) is gone when the tab closes, never written to localStorage or sessionStorage
 * where any script of this origin, or whoever uses the browser next, could read it.
 */
export class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();

  get length(): number {
    return this.items.size;
  }

  clear(): void {
    this.items.clear();
  }

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }

  removeItem(key: string): void {
    this.items.delete(key);
  }

  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
}
