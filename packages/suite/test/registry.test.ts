import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { CHECKLIST, SEVERITIES } from '@mm-review/core';
import { PLUGIN_ACTIONS, checkCatalog, checklistRank, reviewChecks } from '@mm-review/suite';

// In the spirit of ESLint's checkRuleFiles: every check is registered, ordered, declared,
// documented and tested, so adding one cannot silently miss a place.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function testSources(): string {
  const texts: string[] = [];
  for (const pkg of readdirSync(path.join(ROOT, 'packages'))) {
    const dir = path.join(ROOT, 'packages', pkg, 'test');
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.test.ts'))
        texts.push(readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));
    }
  }
  return texts.join('\n');
}

describe('the check registry', () => {
  const review = reviewChecks();

  it('the review runs every check of every plugin action exactly once', () => {
    const ids = review.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const fromActions = new Set(Object.values(PLUGIN_ACTIONS).flatMap((a) => a.checks.map((c) => c.id)));
    for (const id of fromActions) expect(ids).toContain(id);
    for (const id of ids) expect(id === 'issue-tracker' || fromActions.has(id)).toBe(true);
  });

  it('orders the review by the checklist, checks outside it first', () => {
    const ranks = review.map((c) => checklistRank(c.requirement));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    for (const check of review)
      if (check.requirement) expect(CHECKLIST.map((i) => i.requirement)).toContain(check.requirement);
  });

  it('every check declares its rules under its own id, each with a severity and a sentence', async () => {
    for (const check of await checkCatalog()) {
      expect({ check: check.id, rules: check.rules.length > 1 }).toEqual({ check: check.id, rules: true });
      for (const rule of check.rules) {
        expect(rule.id.startsWith(`${check.id}/`)).toBe(true);
        expect(SEVERITIES).toContain(rule.severity);
        // One sentence (it may open with a field name such as release_notes_url), ending with a full stop.
        expect({
          rule: rule.id,
          description: rule.description.trim().length >= 12 && /[.)]$/.test(rule.description.trim()),
        }).toEqual({ rule: rule.id, description: true });
      }
    }
  });

  it('a rule a check re-emits from another check (manifest/* on a bundle) is declared by its owner', async () => {
    const { DATABASE_CHECKS } = await import('@mm-review/database');
    const { ADD_RELEASE_CHECKS } = await import('@mm-review/release');
    const owned = new Set((await checkCatalog()).flatMap((c) => c.rules.map((r) => r.id)));
    for (const check of [...reviewChecks(), ...DATABASE_CHECKS, ...ADD_RELEASE_CHECKS] as {
      id: string;
      rules?: Record<string, unknown>;
    }[]) {
      for (const id of Object.keys(check.rules ?? {}))
        expect({ check: check.id, rule: id, owned: owned.has(id) }).toEqual({ check: check.id, rule: id, owned: true });
    }
  });

  it('every rule id written literally in the sources is declared by its check', async () => {
    const catalog = await checkCatalog();
    const checks = new Set(catalog.map((c) => c.id));
    const declared = new Set(catalog.flatMap((c) => c.rules.map((r) => r.id)));
    const undeclared: string[] = [];
    for (const pkg of readdirSync(path.join(ROOT, 'packages'))) {
      const src = path.join(ROOT, 'packages', pkg, 'src');
      if (!existsSync(src)) continue;
      for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
        const text = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
        for (const match of text.matchAll(/rule: ['`]([a-z0-9-]+)\/([a-z0-9.-]+)['`]/g)) {
          const id = `${match[1]}/${match[2]}`;
          if (checks.has(match[1] ?? '') && !declared.has(id))
            undeclared.push(`${path.relative(ROOT, path.join(entry.parentPath, entry.name))}: ${id}`);
        }
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('every check has a rule page and a test that names it', async () => {
    const tests = testSources();
    for (const check of await checkCatalog()) {
      expect({ check: check.id, page: existsSync(path.join(ROOT, 'docs', 'rules', `${check.id}.md`)) }).toEqual({
        check: check.id,
        page: true,
      });
      expect({ check: check.id, tested: tests.includes(`'${check.id}'`) || tests.includes(`${check.id}/`) }).toEqual({
        check: check.id,
        tested: true,
      });
    }
  });
});
