/** Tables and columns from DuckDB's information_schema, for Kysely's migrator and tooling. */
import {
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Kysely,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';

interface ColumnRow {
  table_schema: string;
  table_name: string;
  table_type: string;
  column_name: string;
  data_type: string;
  is_nullable: string;
  column_default: string | null;
}

export class DuckDBIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>;

  constructor(db: Kysely<unknown>) {
    this.#db = db;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ schema_name: string }>`
      select distinct schema_name from information_schema.schemata
      where catalog_name = current_database() order by schema_name`.execute(this.#db);
    return rows.map((r) => ({ name: r.schema_name }));
  }

  async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    // Only the database's own catalog: temporary tables live in 'temp' and are nobody's schema.
    const { rows } = await sql<ColumnRow>`
      select c.table_schema, c.table_name, t.table_type, c.column_name, c.data_type, c.is_nullable, c.column_default
      from information_schema.columns c
      join information_schema.tables t
        on t.table_catalog = c.table_catalog and t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_catalog = current_database()
        and c.table_schema not in ('information_schema', 'pg_catalog')
      order by c.table_schema, c.table_name, c.ordinal_position`.execute(this.#db);
    const internal = new Set([DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]);
    const visible = options.withInternalKyselyTables ? rows : rows.filter((r) => !internal.has(r.table_name));
    return groupIntoTables(visible);
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}

function groupIntoTables(rows: ColumnRow[]): TableMetadata[] {
  const tables = new Map<string, TableMetadata>();
  for (const r of rows) {
    const key = `${r.table_schema}.${r.table_name}`;
    let table = tables.get(key);
    if (!table) {
      table = { name: r.table_name, schema: r.table_schema, isView: r.table_type === 'VIEW', columns: [] };
      tables.set(key, table);
    }
    table.columns.push({
      name: r.column_name,
      dataType: r.data_type,
      isNullable: r.is_nullable === 'YES',
      hasDefaultValue: r.column_default !== null,
      isAutoIncrementing: r.column_default?.startsWith('nextval(') ?? false,
    });
  }
  return [...tables.values()];
}
