/** Anything thrown as one readable message (never a stack): an Error's message, else its text. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
