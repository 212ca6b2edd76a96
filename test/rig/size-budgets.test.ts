import { expect } from 'chai';
import { budgetFailures } from '../../bench/budgets.js';
import type { BundleRow } from '../../bench/bundle.js';

// The check itself (`npm test` runs `bench/size.ts --check` on the real build): over, at, and unmeasured.
describe('bundle size budgets (bench/budgets.ts)', () => {
  const row = (key: BundleRow['key'], gzBytes: number | null): BundleRow => ({ key, name: key, source: '', minBytes: null, gzBytes, error: gzBytes === null ? 'not built' : undefined });
  const budgets = { io: 5000, websocket: 4000 };

  it('passes rows at or under their budget', () => {
    expect(budgetFailures([row('io', 5000), row('websocket', 3999), row('socketio', 99999)], budgets)).to.deep.equal([]);
  });

  it('names a row one byte over its budget', () => {
    expect(budgetFailures([row('io', 5001), row('websocket', 4000)], budgets)).to.deep.equal(['io: 5001 B gzip, over its budget of 5000 B']);
  });

  it('fails a budgeted output that could not be measured', () => {
    expect(budgetFailures([row('io', null)], budgets)).to.deep.equal(['io: not measured (not built)', 'websocket: not measured (no row)']);
  });
});
