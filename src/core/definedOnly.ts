/** The properties of `o` whose value is not undefined, so that spreading it over defaults never erases one. */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
