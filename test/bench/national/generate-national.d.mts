export function parseArgs(argv: string[]): Record<string, string | true>;
export interface NationalMeta {
  seed: number;
  totals: { agencies: number; services: number; serviceDaily: number; exchangeDaily: number; integrationEvents: number; weeks: number };
  received: number;
  loaded: number;
  weeksBuilt: number;
  seconds: { load: number; cluster: number; snapshots: number; total: number };
  [key: string]: unknown;
}
export function generateNational(options: {
  out: string;
  seed?: number;
  scale?: object;
  concurrency?: number;
  resume?: boolean;
  log?: (text: string) => void;
}): Promise<NationalMeta>;
