/** 1-based line and column of a 0-based character offset in SQL text (null when there is none, or it is outside the text). */
export function lineAndColumn(sql: string, position: number | null): { line: number | null; column: number | null } {
  if (position === null || position < 0 || position > sql.length) return { line: null, column: null };
  const before = sql.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}
