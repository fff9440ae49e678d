/**
 * Static analysis for "where is this secret used": the literal keys passed to secrets.get in a
 * script, found without running it. Calls through an import alias (`import s "influxdata/...
 * secrets"`, then `s.get(...)`) are found too; keys built at run time are not (they show up in
 * a run's secretKeysRead instead).
 */
import type { CallExpression, Expression, File } from '../ast.js';
import { walk } from './walk.js';

const SECRETS_PATH = 'influxdata/influxdb/secrets';

export function referencedSecretKeys(file: File): string[] {
  const aliases = new Set(
    file.imports.filter((i) => i.path.value === SECRETS_PATH).map((i) => i.as?.name ?? 'secrets'),
  );
  if (aliases.size === 0) return [];
  const keys = new Set<string>();
  walk(file.body, (node) => {
    if (node.type !== 'CallExpression' && !('callee' in node && 'arguments' in node)) return;
    const call = node as unknown as CallExpression;
    const callee = call.callee as Expression | undefined;
    if (!callee || callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier') return;
    if (!aliases.has(callee.object.name)) return;
    const prop = callee.property.type === 'Identifier' ? callee.property.name : callee.property.value;
    if (prop !== 'get') return;
    const args = call.arguments?.[0];
    if (args?.type !== 'ObjectExpression') return;
    for (const p of args.properties) {
      const name = p.key.type === 'Identifier' ? p.key.name : p.key.value;
      if (name === 'key' && p.value?.type === 'StringLiteral') keys.add(p.value.value);
    }
  });
  return [...keys];
}
