/**
 * The standard-library table: every Flux package Strongroom provides, by import path. Packages
 * InfluxDB has but Strongroom does not fail at import with a message that says so.
 */
import type { RecordValue } from '../interpreter/values.js';
import { FluxError } from '../interpreter/errors.js';
import { Scope } from '../interpreter/scope.js';
import type { FluxPackage } from './builtin.js';
import { packageRecord } from './builtin.js';
import { universe } from './universe/index.js';
import { secretsPackage } from './secrets.js';
import { sqlPackage } from './sql/index.js';
import { httpPackage } from './http.js';
import { requestsPackage } from './requests.js';
import { jsonPackage } from './json.js';
import { stringsPackage } from './strings.js';
import { arrayPackage } from './array.js';
import { dictPackage } from './dict.js';

export const PACKAGES: readonly FluxPackage[] = [
  secretsPackage, sqlPackage, httpPackage, requestsPackage, jsonPackage, stringsPackage, arrayPackage, dictPackage,
];

const records = new Map<string, RecordValue>(PACKAGES.map((p) => [p.path, packageRecord(p)]));
// The older copy of http/requests under experimental behaves the same.
records.set('experimental/http/requests', records.get('http/requests')!);

export function loadPackage(path: string): RecordValue {
  const pkg = records.get(path);
  if (pkg) return pkg;
  const supported = PACKAGES.map((p) => `"${p.path}"`).join(', ');
  throw new FluxError('invalid', `package "${path}" is not supported by Strongroom (supported: ${supported})`);
}

/** Names every script can use without defining them (the universe plus `params`). */
export const PREDEFINED_NAMES: readonly string[] = [...universe.members.map(([name]) => name), 'params'];

/** A fresh scope holding the universe; each run gets its own so nothing leaks between runs. */
export function universeScope(): Scope {
  const scope = new Scope();
  for (const [name, value] of universe.members) scope.define(name, value);
  return scope;
}
