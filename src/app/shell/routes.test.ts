import { describe, expect, it } from 'vitest';
import { movedFrom, ROUTES, routeFor } from './routes';

const byPath = (p: string) => ROUTES.find((r) => r.path === p);

describe('routes', () => {
  it('finds each view by its path, tolerating a trailing slash; any other path is no view', () => {
    for (const r of ROUTES) expect(routeFor(r.path)).toBe(r);
    expect(routeFor('/replay/')).toBe(byPath('/replay'));
    expect(routeFor('/nope')).toBeNull();
    expect(routeFor('/virtqueue/extra')).toBeNull();
  });

  it('the course map is the landing page, and every lesson path is the lessons view', () => {
    expect(ROUTES[0].label).toBe('Lessons');
    expect(routeFor('/')).toBe(byPath('/'));
    expect(routeFor('/learn/rings/wrap')).toBe(byPath('/'));
    expect(routeFor('/learn/')).toBe(byPath('/'));
    expect(routeFor('/learning')).toBeNull();
  });

  it("sends the virtqueue view's old permalinks on to /virtqueue, and nothing else", () => {
    expect(movedFrom('/', '?s=steady&seed=1&step=20')).toBe('/virtqueue?s=steady&seed=1&step=20');
    expect(movedFrom('/', '')).toBeNull();
    expect(movedFrom('/', '?')).toBeNull();
    expect(movedFrom('/replay', '?trace=x')).toBeNull();
    expect(movedFrom('/learn/rings', '?at=3')).toBeNull();
  });
});
