import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canAccess } from './access.ts';

describe('canAccess (DESIGN.md "Proprietary data")', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const product = (release: string | null, proposal: string | null = 'P1') => ({
    obs_publisher_did: 'ivo://x.test/c?o',
    obs_release_date: release,
    proposal_id: proposal,
  });
  it('allows products without a release date or released before now', () => {
    assert.deepEqual(canAccess(undefined, product(null), now), { allowed: true });
    assert.deepEqual(canAccess(undefined, product('2026-05-31T23:59:59'), now), { allowed: true });
    assert.deepEqual(canAccess(undefined, product('2026-06-01T00:00:00Z'), now), { allowed: true });
  });
  it('refuses anonymous users before the release date, naming it and the proposal', () => {
    const d = canAccess(undefined, product('2026-06-01T00:00:01'), now);
    assert.equal(d.allowed, false);
    assert.match(
      d.allowed ? '' : d.reason,
      /ivo:\/\/x\.test\/c\?o is proprietary until its release on 2026-06-01 \(proposal P1\)/,
    );
  });
  it('fails closed on an unreadable date', () => {
    assert.equal(canAccess(undefined, product('soon'), now).allowed, false);
  });
  it('allows a user entitled to the proposal, and only them', () => {
    assert.equal(canAccess({ name: 'a', proposals: ['P1'] }, product('2030-01-01'), now).allowed, true);
    assert.equal(canAccess({ name: 'b', proposals: ['P2'] }, product('2030-01-01'), now).allowed, false);
    assert.equal(canAccess({ name: 'c', proposals: ['P1'] }, product('2030-01-01', null), now).allowed, false);
  });
});
