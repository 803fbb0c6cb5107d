import type { EntitySchema } from 'typeorm';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityClass = Function | EntitySchema;

const registered = new Set<EntityClass>();

/**
 * Each module registers its own TypeORM entities beside their definitions, so this layer knows no
 * domain type. The data source is built with every entity whose module has been loaded.
 */
export function registerEntities(...entities: EntityClass[]): void {
  for (const e of entities) registered.add(e);
}

export function registeredEntities(): EntityClass[] {
  return [...registered];
}
