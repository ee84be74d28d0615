/** For medium tests here and in other packages: a fresh in-memory warehouse at the latest schema. */
import { openWarehouse, type Warehouse } from './connection.js';
import { migrateToLatest } from './migrate.js';

export async function openMigratedWarehouse(path = ':memory:'): Promise<Warehouse> {
  const warehouse = await openWarehouse({ path });
  try {
    await migrateToLatest(warehouse.db);
  } catch (error) {
    await warehouse.close();
    throw error;
  }
  return warehouse;
}
