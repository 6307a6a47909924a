import { describe, expect, it } from 'vitest';
import { ROUTES, routeFor } from './routes';

const byPath = (p: string) => ROUTES.find((r) => r.path === p);

describe('routes', () => {
  it('finds each view by its path, tolerating a trailing slash, and falls back to the virtqueue', () => {
    for (const r of ROUTES) expect(routeFor(r.path)).toBe(r);
    expect(routeFor('/replay/')).toBe(byPath('/replay'));
    expect(routeFor('/nope')).toBe(byPath('/'));
  });

  it('every lesson path is the lessons view', () => {
    expect(routeFor('/learn/rings/wrap')).toBe(byPath('/learn'));
    expect(routeFor('/learn/')).toBe(byPath('/learn'));
    expect(routeFor('/learning')).toBe(byPath('/'));
  });
});
