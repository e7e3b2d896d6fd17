/**
 * `npm run eval`: precision and recall per rule and per library over the fixture corpus, and the
 * bar the project holds itself to (≥ 0.98 both, on ≥ 250 cases with ≥ 100 near misses and ≥ 30
 * cross-file cases).
 */
import { expect, it } from 'vitest';
import { formatMeasurement, measure, precision, recall } from './measure.js';

it('meets the precision and recall bar on the annotated corpus', async () => {
  const m = await measure();
  console.log(formatMeasurement(m));
  expect(m.cases).toBeGreaterThanOrEqual(250);
  expect(m.nearMisses).toBeGreaterThanOrEqual(100);
  expect(m.crossFile).toBeGreaterThanOrEqual(30);
  expect(precision(m.total)).toBeGreaterThanOrEqual(0.98);
  expect(recall(m.total)).toBeGreaterThanOrEqual(0.98);
}, 120_000);
