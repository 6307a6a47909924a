import { describe, expect, it } from 'vitest';
import { ROUTES, routeFor } from './routes';

describe('routes', () => {
  it('finds each view by its path, tolerating a trailing slash, and falls back to the virtqueue', () => {
    for (const r of ROUTES) expect(routeFor(r.path)).toBe(r);
    expect(routeFor('/replay/')).toBe(ROUTES[1]);
    expect(routeFor('/nope')).toBe(ROUTES[0]);
  });
});
