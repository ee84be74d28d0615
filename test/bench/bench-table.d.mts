export interface Target {
  op: '<=' | '>=';
  value: number;
  unit?: string;
}
export interface BenchRow {
  id: string | number;
  name: string;
  measured?: string;
  reference?: string;
  ratio?: number | null;
  target?: Target | null;
  checked?: number;
  error?: string;
}
export function meets(value: number | null | undefined, target: Target | null | undefined): boolean | null;
export function formatNumber(value: number | null | undefined, digits?: number): string;
export function formatTarget(target: Target | null | undefined): string;
export function formatTable(rows: BenchRow[]): string;
export function median(values: number[]): number;
