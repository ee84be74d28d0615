/**
 * The SQL editor: CodeMirror 6 with DuckDB highlighting, completion of the dictionary's tables and
 * columns, Ctrl/Cmd+Enter to run, and a mark where the sandbox placed a refusal. SQL is written left
 * to right in both languages; Persian literals inside it keep their own direction.
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, closeCompletion, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorState, Prec, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers, placeholder } from '@codemirror/view';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import type { QuerySchemaResponse } from '@hamgam/shared';
import type { Lang } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { sqlSupport } from './sql-completion';
import { statementToRun, type StatementToRun } from './statements';

export interface SqlEditorHandle {
  value(): string;
  /** What Ctrl+Enter runs: the selection, the statement under the cursor, or the whole text (statements.ts). */
  toRun(): StatementToRun;
  setValue(text: string): void;
  /** Marks the character offset the API gave (null clears), scrolls to it and puts the cursor there. */
  markError(position: number | null): void;
  /** Shades the statement that ran (null clears). */
  markRan(range: { from: number; to: number } | null): void;
  insert(text: string): void;
  focus(): void;
}

/**
 * Marks set by an effect (null clears them) that last until the text changes: what they point at
 * was the text as it ran. `decorate` builds them from the effect's value and the document.
 */
function marksUntilEdited<T>(decorate: (value: T, state: EditorState) => DecorationSet) {
  const set = StateEffect.define<T | null>();
  const field = StateField.define<DecorationSet>({
    create: () => Decoration.none,
    update(marks, tr) {
      if (tr.docChanged) marks = Decoration.none;
      for (const e of tr.effects) if (e.is(set)) marks = e.value === null ? Decoration.none : decorate(e.value, tr.state);
      return marks;
    },
    provide: (f) => EditorView.decorations.from(f),
  });
  return { set, field };
}

/** The refusal's mark: the word at the position (or one character), and its line. */
const errorMarks = marksUntilEdited<number>((position, state) => {
  const doc = state.doc;
  const from = Math.max(0, Math.min(position, doc.length));
  const word = state.wordAt(from);
  let to = word && word.from === from ? word.to : Math.min(doc.length, from + 1);
  const start = to === from && from > 0 ? from - 1 : from;
  if (to === start) to = Math.min(doc.length, start + 1);
  const line = doc.lineAt(start);
  return Decoration.set([
    Decoration.line({ class: 'cm-sql-error-line' }).range(line.from),
    ...(to > start ? [Decoration.mark({ class: 'cm-sql-error', attributes: { 'data-testid': 'editor-error-mark' } }).range(start, to)] : []),
  ]);
});

/** The statement that ran, when the editor holds several: shaded until the text changes or another runs. */
const ranMarks = marksUntilEdited<{ from: number; to: number }>((range, state) => {
  const from = Math.max(0, Math.min(range.from, state.doc.length));
  const to = Math.max(from, Math.min(range.to, state.doc.length));
  return to > from ? Decoration.set([Decoration.mark({ class: 'cm-sql-ran', attributes: { 'data-testid': 'editor-ran' } }).range(from, to)]) : Decoration.none;
});

const theme = EditorView.theme({
  '&': { fontSize: '0.95rem', backgroundColor: '#fff', border: '1px solid #9ca3af', borderRadius: '8px' },
  '&.cm-focused': { outline: '3px solid #1d4ed8', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: "ui-monospace, 'DejaVu Sans Mono', monospace", minHeight: '9rem', maxHeight: '22rem', overflow: 'auto', lineHeight: '1.55' },
  '.cm-content': { padding: '8px 0' },
  '.cm-gutters': { backgroundColor: '#f9fafb', color: '#6b7280', borderInlineEnd: '1px solid #e5e7eb', borderRadius: '8px 0 0 8px' },
  // A border, not a wavy underline: an underline hides the underscores of names like read_csv.
  '.cm-sql-error': { borderBottom: '2px solid #b91c1c', backgroundColor: '#fee2e2' },
  '.cm-sql-error-line': { backgroundColor: '#fef2f2' },
  '.cm-sql-ran': { backgroundColor: '#ecfdf5', borderBottom: '1px dashed #047857' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: '#0f5132' },
  '.cm-completionInfo': { maxWidth: '22rem', fontFamily: 'Vazirmatn, Tahoma, sans-serif', unicodeBidi: 'plaintext' },
});

function languageFor(schema: QuerySchemaResponse | null, lang: Lang): Extension {
  return sqlSupport(schema, lang);
}

export function SqlEditor({
  initialValue,
  schema,
  onRun,
  onChange,
  handle,
}: {
  initialValue: string;
  schema: QuerySchemaResponse | null;
  onRun: () => void;
  onChange: (text: string) => void;
  handle: Ref<SqlEditorHandle>;
}) {
  const { t, lang } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  const labels = useRef(new Compartment());
  // The latest callbacks, read when a key is pressed: the view is created once.
  const runRef = useRef(onRun);
  runRef.current = onRun;
  const changeRef = useRef(onChange);
  changeRef.current = onChange;

  useEffect(() => {
    const state = EditorState.create({
      doc: initialValue,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        bracketMatching(),
        closeBrackets(),
        autocompletion({ activateOnTyping: true, icons: false }),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        // Before the default keymap, which gives Mod-Enter to "insert blank line".
        Prec.highest(
          keymap.of([
            { key: 'Mod-Enter', run: (v) => (closeCompletion(v), runRef.current(), true) },
            { key: 'Shift-Enter', run: (v) => (closeCompletion(v), runRef.current(), true) },
          ]),
        ),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
        language.current.of(languageFor(schema, lang)),
        labels.current.of([]),
        errorMarks.field,
        ranMarks.field,
        theme,
        EditorView.lineWrapping,
        EditorView.updateListener.of((u) => {
          if (u.docChanged) changeRef.current(u.state.doc.toString());
        }),
      ],
    });
    view.current = new EditorView({ state, parent: host.current! });
    return () => {
      view.current?.destroy();
      view.current = null;
    };
    // Created once; the schema, language and labels are reconfigured below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: language.current.reconfigure(languageFor(schema, lang)) });
  }, [schema, lang]);

  useEffect(() => {
    view.current?.dispatch({
      effects: labels.current.reconfigure([
        placeholder(t('workbench.editor.placeholder')),
        EditorView.contentAttributes.of({ 'aria-label': t('workbench.editor.label'), 'data-testid': 'sql-input', 'aria-describedby': 'sql-editor-hint' }),
      ]),
    });
  }, [t]);

  useImperativeHandle(
    handle,
    () => ({
      value: () => view.current?.state.doc.toString() ?? '',
      toRun: () => {
        const state = view.current?.state;
        if (!state) return { sql: '', offset: 0, part: null };
        const { from, to } = state.selection.main;
        return statementToRun(state.doc.toString(), { from, to });
      },
      setValue: (text) => {
        const v = view.current;
        if (!v) return;
        v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text }, selection: { anchor: text.length } });
      },
      markError: (position) => {
        const v = view.current;
        if (!v) return;
        if (position === null) {
          v.dispatch({ effects: errorMarks.set.of(null) });
          return;
        }
        const at = Math.max(0, Math.min(position, v.state.doc.length));
        v.dispatch({ effects: [errorMarks.set.of(at), EditorView.scrollIntoView(at, { y: 'center' })], selection: { anchor: at } });
      },
      markRan: (range) => view.current?.dispatch({ effects: ranMarks.set.of(range) }),
      insert: (text) => {
        const v = view.current;
        if (!v) return;
        v.dispatch(v.state.replaceSelection(text));
        v.focus();
      },
      focus: () => view.current?.focus(),
    }),
    [],
  );

  return <div ref={host} className="sql-editor" dir="ltr" lang="en" data-testid="sql-editor" />;
}
