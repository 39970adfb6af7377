/** The shared cache's bounds (demo-server/src/api/cacheLayer.ts), against a fake origin. */
import {describe, expect, it} from 'vitest';
import {createCacheLayer} from '../../../../demo-server/src/api/cacheLayer.ts';
import type {ApiRequest, ApiResponse} from '../../../../demo-server/src/api/resources.ts';

/** An origin whose every path answers 200 with a cacheable body of `size` bytes, varying on Accept. */
function origin(size: number): (request: ApiRequest) => ApiResponse {
  return () => ({
    status: 200,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'max-age=60',
      Vary: 'Accept',
      ETag: '"x"',
      'Content-Length': String(size),
    },
    body: 'x'.repeat(size),
  });
}

/** Cache-Status, however the layer spelled it (stored answers come with lower-case names). */
const cacheStatus = (response: ApiResponse) =>
  response.headers['cache-status'] ?? response.headers['Cache-Status'] ?? '';

const get = (path: string, accept?: string): ApiRequest => ({
  method: 'GET',
  path,
  headers: accept === undefined ? {} : {accept},
});

describe('the shared cache', () => {
  it('keeps one copy per path and negotiated media type, whatever Accept header asked for it', () => {
    const cache = createCacheLayer({origin: origin(100), maxEntries: 100, maxBytes: 1 << 20, maxBodyBytes: 1 << 16});
    for (let i = 0; i < 50; i++) cache.handle(get('/api', `application/json;q=0.${(i % 9) + 1}, text/plain;q=0.0${i}`));
    expect(cache.size).toBe(1);
    cache.handle(get('/api', 'text/html'));
    cache.handle(get('/api', 'text/html, */*;q=0.1'));
    expect(cache.size).toBe(2);
  });

  it('holds at most maxBytes of bodies, forgetting the least recently used first', () => {
    const cache = createCacheLayer({origin: origin(1_000), maxEntries: 100, maxBytes: 3_500, maxBodyBytes: 1 << 16});
    for (const path of ['/a', '/b', '/c']) cache.handle(get(path));
    expect(cache.bytes).toBe(3_000);
    // /a is used again, so /b is now the least recently used.
    expect(cacheStatus(cache.handle(get('/a')))).toMatch(/hit/);
    cache.handle(get('/d'));
    expect(cache.size).toBe(3);
    expect(cache.bytes).toBe(3_000);
    expect(cacheStatus(cache.handle(get('/b')))).toMatch(/fwd=uri-miss/);
    expect(cacheStatus(cache.handle(get('/a')))).toMatch(/hit/);
  });
});
