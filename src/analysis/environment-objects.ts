/**
 * Config objects keyed by environment (`{ development: { jwtSecret: '…' }, production: { … } }`, as
 * sequelize-cli, knexfile and many hand-written configs do): the string literals written under each
 * environment's key, with the property path they sit at.
 */
import type { Node } from '@babel/types';
import type { NodePath } from '../ast/node-path.js';
import { staticString } from './static-string.js';
import { propertyName } from './unwrap.js';

export type Environment = 'development' | 'production';

const ENVIRONMENT_KEYS: Readonly<Record<string, Environment>> = { development: 'development', dev: 'development', production: 'production', prod: 'production' };
const MAX_DEPTH = 4;

export interface EnvironmentValue {
  environment: Environment;
  /** e.g. `production.auth.jwtSecret`. */
  path: string[];
  node: Node;
  value: string;
}

/** The literals of an object that has both a development and a production key; none for any other object. */
export function environmentValues(object: NodePath): EnvironmentValue[] {
  const node = object.node;
  if (node.type !== 'ObjectExpression') return [];
  const environments = node.properties.flatMap((p) => {
    if (p.type !== 'ObjectProperty') return [];
    const key = propertyName(p.key, p.computed);
    const environment = key === undefined ? undefined : ENVIRONMENT_KEYS[key.toLowerCase()];
    return environment && key !== undefined ? [{ environment, key, value: p.value }] : [];
  });
  if (!environments.some((e) => e.environment === 'development') || !environments.some((e) => e.environment === 'production')) return [];
  return environments.flatMap(({ environment, key, value }) => literalsUnder(value, [key], 0).map((found) => ({ environment, ...found })));
}

function literalsUnder(node: Node, path: string[], depth: number): { path: string[]; node: Node; value: string }[] {
  if (node.type !== 'ObjectExpression' || depth >= MAX_DEPTH) return [];
  return node.properties.flatMap((p) => {
    if (p.type !== 'ObjectProperty') return [];
    const key = propertyName(p.key, p.computed);
    if (key === undefined) return [];
    const value = staticString(p.value);
    if (value !== undefined) return [{ path: [...path, key], node: p.value, value }];
    return literalsUnder(p.value, [...path, key], depth + 1);
  });
}
