/**
 * scripts/build-server.mts against a small Docusaurus-shaped build in a temporary directory, over real HTTP:
 * what a browser and a proxy would see (codings, cache headers, revalidation, URL resolution, the 404 page).
 */
import {mkdtemp, mkdir, rm, writeFile} from 'node:fs/promises';
import {request} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {brotliDecompressSync, gunzipSync} from 'node:zlib';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {
  IMMUTABLE_CACHE_CONTROL,
  REVALIDATE_CACHE_CONTROL,
  startBuildServer,
  type BuildServer,
} from '../../scripts/build-server.mts';

const script = `console.log(${JSON.stringify('a compressible line of script. '.repeat(200))});\n`;
const files: Record<string, string> = {
  'index.html': '<!doctype html><title>Home</title>' + '<p>home</p>'.repeat(100),
  '404.html': '<!doctype html><title>Page Not Found</title>' + '<p>not found</p>'.repeat(100),
  'docs/intro.html': '<!doctype html><title>Intro</title>' + '<p>intro</p>'.repeat(100),
  'blog/index.html': '<!doctype html><title>Blog</title>' + '<p>blog</p>'.repeat(100),
  'assets/js/main.0123abcd.js': script,
  'img/logo.png': '\x89PNG not really, but not compressible by type',
  'tiny.txt': 'x',
};

let dir: string;
let site: BuildServer;
const outside = 'secret outside the build';

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'build-server-'));
  dir = join(root, 'build');
  for (const [path, body] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), {recursive: true});
    await writeFile(join(dir, path), body);
  }
  await writeFile(join(root, 'secret.txt'), outside);
  site = await startBuildServer({dir, port: 0, host: '127.0.0.1'});
});

afterAll(async () => {
  await site.close();
  await rm(join(dir, '..'), {recursive: true, force: true});
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request: `fetch` would decode the body and normalise the path, hiding what the server sent. */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  const {port} = new URL(site.url);
  return new Promise((resolve, reject) => {
    const req = request({host: '127.0.0.1', port, path, method, headers}, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks)}));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('content coding', () => {
  it('sends brotli when the client accepts it, with Vary and a smaller body', async () => {
    const answer = await get('/assets/js/main.0123abcd.js', {'Accept-Encoding': 'gzip, deflate, br, zstd'});
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers.vary).toBe('Accept-Encoding');
    expect(answer.body.length).toBeLessThan(script.length / 10);
    expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
    expect(brotliDecompressSync(answer.body).toString()).toBe(script);
  });

  it('sends gzip to a client that accepts only gzip, or ranks it above brotli', async () => {
    for (const acceptEncoding of ['gzip', 'br;q=0.5, gzip']) {
      const answer = await get('/docs/intro', {'Accept-Encoding': acceptEncoding});
      expect(answer.headers['content-encoding'], acceptEncoding).toBe('gzip');
      expect(gunzipSync(answer.body).toString()).toBe(files['docs/intro.html']);
    }
  });

  it('sends the bytes as they are without Accept-Encoding, and still says Vary', async () => {
    const answer = await get('/docs/intro');
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.headers.vary).toBe('Accept-Encoding');
    expect(answer.body.toString()).toBe(files['docs/intro.html']);
  });

  it('answers 406 to a client that refuses identity and every coding on offer', async () => {
    expect((await get('/docs/intro', {'Accept-Encoding': 'zstd, identity;q=0'})).status).toBe(406);
  });

  it('does not compress images or a body compression would not shrink', async () => {
    for (const path of ['/img/logo.png', '/tiny.txt']) {
      const answer = await get(path, {'Accept-Encoding': 'br, gzip'});
      expect(answer.headers['content-encoding'], path).toBeUndefined();
    }
    expect((await get('/img/logo.png')).headers.vary).toBeUndefined();
  });
});

describe('caching', () => {
  it('marks hashed assets immutable for a year, and HTML and other files for revalidation', async () => {
    expect((await get('/assets/js/main.0123abcd.js')).headers['cache-control']).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(IMMUTABLE_CACHE_CONTROL).toBe('public, max-age=31536000, immutable');
    expect((await get('/docs/intro')).headers['cache-control']).toBe(REVALIDATE_CACHE_CONTROL);
    expect((await get('/img/logo.png')).headers['cache-control']).toBe(REVALIDATE_CACHE_CONTROL);
  });

  it('answers 304 without a body to a matching If-None-Match, per coding', async () => {
    const br = await get('/docs/intro', {'Accept-Encoding': 'br'});
    const gzip = await get('/docs/intro', {'Accept-Encoding': 'gzip'});
    expect(br.headers.etag).toMatch(/^"[^"]+"$/);
    expect(br.headers.etag).not.toBe(gzip.headers.etag);

    const revalidated = await get('/docs/intro', {
      'Accept-Encoding': 'br',
      'If-None-Match': `W/${br.headers.etag as string}`,
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body.length).toBe(0);
    expect(revalidated.headers.etag).toBe(br.headers.etag);
    expect(revalidated.headers['cache-control']).toBe(REVALIDATE_CACHE_CONTROL);

    // The gzip tag does not validate the brotli body.
    expect(
      (await get('/docs/intro', {'Accept-Encoding': 'br', 'If-None-Match': gzip.headers.etag as string})).status,
    ).toBe(200);
  });
});

describe('URL resolution (Docusaurus, trailingSlash: false)', () => {
  it('serves /, /docs/intro from intro.html and /blog from blog/index.html', async () => {
    expect((await get('/')).body.toString()).toBe(files['index.html']);
    expect((await get('/docs/intro')).body.toString()).toBe(files['docs/intro.html']);
    expect((await get('/blog?page=2')).body.toString()).toBe(files['blog/index.html']);
  });

  it('redirects a trailing slash and a .html suffix to the clean URL, keeping the query', async () => {
    expect(await redirect('/docs/intro/')).toEqual({status: 301, location: '/docs/intro'});
    expect(await redirect('/docs/intro.html?x=1')).toEqual({status: 301, location: '/docs/intro?x=1'});
    expect(await redirect('/blog/index.html')).toEqual({status: 301, location: '/blog'});
    expect(await redirect('/index.html')).toEqual({status: 301, location: '/'});
  });

  it('never redirects to another host', async () => {
    expect(await redirect('//evil.example/')).toEqual({status: 301, location: '/evil.example'});
  });

  it('answers an unknown path with 404.html and status 404', async () => {
    const answer = await get('/docs/nope', {'Accept-Encoding': 'br'});
    expect(answer.status).toBe(404);
    expect(brotliDecompressSync(answer.body).toString()).toBe(files['404.html']);
  });

  it('cannot be walked out of the build directory, however the dots are written', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/docs/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body.toString(), path).not.toContain(outside);
    }
    expect((await get('/%E0%A4%A')).status).toBe(400);
  });
});

describe('methods', () => {
  it('answers HEAD with the headers of GET and no body', async () => {
    const get_ = await get('/assets/js/main.0123abcd.js', {'Accept-Encoding': 'br'});
    const head = await get('/assets/js/main.0123abcd.js', {'Accept-Encoding': 'br'}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const name of ['content-length', 'content-encoding', 'etag', 'cache-control', 'content-type']) {
      expect(head.headers[name], name).toBe(get_.headers[name]);
    }
  });

  it('refuses other methods with 405 and Allow', async () => {
    const answer = await get('/', {}, 'POST');
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('GET, HEAD');
  });
});

async function redirect(path: string): Promise<{status: number; location: string | undefined}> {
  const answer = await get(path);
  return {status: answer.status, location: answer.headers.location as string | undefined};
}

describe('replace', () => {
  it('rewrites text files as they load, compressed forms included, and leaves other files as they are', async () => {
    const rewritten = await startBuildServer({
      dir,
      port: 0,
      host: '127.0.0.1',
      replace: [
        {from: 'a compressible line', to: 'a rewritten line'},
        {from: 'not really', to: 'NOT REPLACED'},
      ],
    });
    try {
      const {port} = new URL(rewritten.url);
      const fetchRaw = (path: string, acceptEncoding: string) =>
        fetch(`http://127.0.0.1:${port}${path}`, {headers: {'Accept-Encoding': acceptEncoding}});
      const expected = script.replaceAll('a compressible line', 'a rewritten line');
      const plain = await fetchRaw('/assets/js/main.0123abcd.js', 'identity');
      expect(await plain.text()).toBe(expected);
      expect(Number(plain.headers.get('content-length'))).toBe(Buffer.byteLength(expected));
      // fetch decodes brotli: what arrives decoded is the rewritten script too.
      const br = await fetchRaw('/assets/js/main.0123abcd.js', 'br');
      expect(br.headers.get('content-encoding')).toBe('br');
      expect(await br.text()).toBe(expected);
      // An image is not text: its bytes are served as read.
      expect(Buffer.from(await (await fetchRaw('/img/logo.png', 'identity')).arrayBuffer())).toEqual(
        Buffer.from(files['img/logo.png'] ?? ''),
      );
      // The same build served without replace is untouched.
      expect((await get('/assets/js/main.0123abcd.js')).body.toString()).toBe(script);
    } finally {
      await rewritten.close();
    }
  });
});
