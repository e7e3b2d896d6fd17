import { VISITOR_KEYS as BABEL_VISITOR_KEYS } from '@babel/types';
import { expect, it } from 'vitest';
import { VISITOR_KEYS } from '../../src/ast/visitor-keys.js';

it('matches the installed @babel/types (regenerate with node scripts/generate-visitor-keys.mjs)', () => {
  expect(VISITOR_KEYS).toEqual(BABEL_VISITOR_KEYS);
});
