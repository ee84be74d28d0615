/**
 * Which SQL the workbench runs: the selection when there is one, else the statement under the cursor
 * when the editor holds several (the sandbox runs one statement a request and refuses more), else the
 * whole text. Statements are found by their semicolons outside quotes and comments. This is for the
 * editor only: what may run is decided by DuckDB's parser in the sandbox, never here.
 */

/** A statement's place in the text: `from` its first character, `to` just past its last (the `;` left out). */
export interface StatementRange {
  from: number;
  to: number;
}

const isBlank = (ch: string) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f';

/**
 * The statements of a text, in order: each from its first character of code to its last, without
 * the blanks and comments around it. A part that holds only blanks and comments is no statement.
 * Quotes ('…', E'…' with backslash escapes, "…", $tag$…$tag$) and comments (-- to the line's end, /* … *\/, nested) hide semicolons.
 */
export function statementRanges(text: string): StatementRange[] {
  const ranges: StatementRange[] = [];
  let from = -1;
  let to = -1;
  const code = (start: number, end: number) => {
    if (from < 0) from = start;
    to = end;
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === ';') {
      if (from >= 0) ranges.push({ from, to });
      from = -1;
      i++;
    } else if (ch === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (ch === '/' && next === '*') {
      let depth = 1;
      i += 2;
      while (i < text.length && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') (depth++, (i += 2));
        else if (text[i] === '*' && text[i + 1] === '/') (depth--, (i += 2));
        else i++;
      }
    } else if (ch === "'" || ch === '"') {
      // A quote inside is written twice (or, in an E'…' string, after a backslash); an unclosed one runs to the end.
      const start = i;
      const escapes = ch === "'" && /[Ee]/.test(text[i - 1] ?? '') && !/[\w$]/.test(text[i - 2] ?? '');
      i++;
      while (i < text.length) {
        if (escapes && text[i] === '\\') i += 2;
        else if (text[i] === ch && text[i + 1] === ch) i += 2;
        else if (text[i] === ch) break;
        else i++;
      }
      i = Math.min(text.length, i + 1);
      code(start, i);
    } else if (ch === '$' && /^\$[A-Za-z_]*\$/.test(text.slice(i, i + 66))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i, i + 66))![0];
      const start = i;
      const end = text.indexOf(tag, i + tag.length);
      i = end < 0 ? text.length : end + tag.length;
      code(start, i);
    } else if (isBlank(ch)) {
      i++;
    } else {
      code(i, i + 1);
      i++;
    }
  }
  if (from >= 0) ranges.push({ from, to });
  return ranges;
}

export interface StatementToRun {
  sql: string;
  /** Where `sql` starts in the editor's text: a position the sandbox gives is counted from here. */
  offset: number;
  /** Which statement of how many ran, when the editor held several; null when it ran the selection or the whole text. */
  part: { index: number; of: number } | null;
}

/**
 * What Ctrl+Enter runs, given the editor's text and its selection (`from` = `to` for a bare cursor):
 * a non-blank selection as it is; else, with two statements or more, the one the cursor is in or
 * after (on a blank line between two, the one above); else the whole text, as written.
 */
export function statementToRun(text: string, selection: { from: number; to: number }): StatementToRun {
  const from = Math.min(selection.from, selection.to);
  const to = Math.max(selection.from, selection.to);
  if (to > from && text.slice(from, to).trim() !== '') return { sql: text.slice(from, to), offset: from, part: null };
  const ranges = statementRanges(text);
  if (ranges.length < 2) return { sql: text, offset: 0, part: null };
  let index = 0;
  for (let i = 0; i < ranges.length; i++) if (ranges[i].from <= from) index = i;
  const range = ranges[index];
  return { sql: text.slice(range.from, range.to), offset: range.from, part: { index: index + 1, of: ranges.length } };
}
