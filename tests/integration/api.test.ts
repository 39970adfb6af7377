/**
 * The REST API (issue #6) against the real server: navigation by links from
 * the root, every method and status the uniform interface names, conditional
 * requests, negotiation, and the bounds on sandboxes.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {
  Link,
  NoteCollection,
  NoteRepresentation,
  ProblemDetails,
  SandboxRepresentation,
} from '../../demo-server/src/contract/rest.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {SITE_ORIGIN, startTestServer} from './support/server.ts';

let server: DemoServer;
beforeAll(async () => {
  server = await startTestServer({maxNotesPerSandbox: 5, sandboxesPerMinutePerClient: 15, maxApiBodyBytes: 2048});
});
afterAll(async () => {
  await server.shutdown();
});

const url = (path: string) => `${server.url}${path}`;

async function problem(response: Response, status: number): Promise<ProblemDetails> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as ProblemDetails;
  expect(body.status).toBe(status);
  expect(body.detail.length).toBeGreaterThan(10);
  return body;
}

/** Follows links only: root → sandboxes (POST) → sandbox → notes. */
async function newSandbox(): Promise<{sandbox: SandboxRepresentation; notes: string}> {
  const root = (await (await fetch(url('/api'))).json()) as {_links: Record<string, Link>};
  const created = await fetch(url(root._links.sandboxes!.href), {method: 'POST'});
  expect(created.status).toBe(201);
  const sandbox = (await created.json()) as SandboxRepresentation;
  expect(created.headers.get('location')).toBe(sandbox._links.self.href);
  return {sandbox, notes: sandbox._links.notes.href};
}

const json = (body: unknown) => ({'Content-Type': 'application/json', body: JSON.stringify(body)});

describe('navigation by links', () => {
  it('reaches a note from the root without building a URL', async () => {
    const {notes} = await newSandbox();
    const collection = (await (await fetch(url(notes))).json()) as NoteCollection;
    expect(collection.count).toBe(3);
    const first = collection._links.item[0]!;
    const note = (await (await fetch(url(first.href))).json()) as NoteRepresentation;
    expect(note.title).toBe(first.title);
    expect(note._links.collection.href).toBe(notes);
    expect(note._links.self.href).toBe(first.href);
  });

  it("keeps sandboxes apart: one reader's notes are not in another's", async () => {
    const a = await newSandbox();
    const b = await newSandbox();
    await fetch(url(a.notes), {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({title: 'only in a', body: ''}),
    });
    const inB = (await (await fetch(url(b.notes))).json()) as NoteCollection;
    expect(inB._embedded.notes.map((n) => n.title)).not.toContain('only in a');
    await problem(await fetch(url('/api/sandboxes')), 405);
  });
});

describe('the uniform interface', () => {
  it('POST creates (201 with Location), PUT replaces, PATCH merges, DELETE removes (204), then 404', async () => {
    const {notes} = await newSandbox();
    const {body, ...headers} = json({title: 'New', body: 'first', tags: ['a']});
    const created = await fetch(url(notes), {method: 'POST', headers, body});
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${notes}/\\d+$`));
    expect(created.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]+"$/);

    const put = await fetch(url(location), {
      method: 'PUT',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({title: 'Replaced', body: 'second'}),
    });
    expect(put.status).toBe(200);
    expect(((await put.json()) as NoteRepresentation).tags).toEqual([]);

    const patch = await fetch(url(location), {
      method: 'PATCH',
      headers: {'Content-Type': 'application/merge-patch+json'},
      body: JSON.stringify({body: 'patched', tags: ['x', 'y']}),
    });
    expect(patch.status).toBe(200);
    expect((await patch.json()) as NoteRepresentation).toMatchObject({
      title: 'Replaced',
      body: 'patched',
      tags: ['x', 'y'],
    });

    const removed = await fetch(url(location), {method: 'DELETE'});
    expect(removed.status).toBe(204);
    expect(await removed.text()).toBe('');
    await problem(await fetch(url(location)), 404);
  });

  it('answers 405 with Allow, OPTIONS with Allow and Accept-Patch, HEAD with the headers of GET and no body', async () => {
    const {notes} = await newSandbox();
    const notePath = `${notes}/1`;
    const wrong = await fetch(url(notes), {method: 'DELETE'});
    await problem(wrong, 405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    const options = await fetch(url(notePath), {method: 'OPTIONS'});
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, PUT, PATCH, DELETE, OPTIONS');
    expect(options.headers.get('accept-patch')).toBe('application/merge-patch+json');
    const get = await fetch(url(notePath));
    const head = await fetch(url(notePath), {method: 'HEAD'});
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    for (const name of ['etag', 'last-modified', 'content-type', 'content-length', 'cache-control', 'vary']) {
      expect(head.headers.get(name), name).toBe(get.headers.get(name));
    }
  });

  it('refuses bad bodies with the right status and says what was wrong', async () => {
    const {notes} = await newSandbox();
    const notePath = `${notes}/1`;
    const wrongType = await fetch(url(notePath), {
      method: 'PATCH',
      headers: {'Content-Type': 'application/json'},
      body: '{}',
    });
    expect((await problem(wrongType, 415)).detail).toContain('application/merge-patch+json');
    expect(wrongType.headers.get('accept-patch')).toBe('application/merge-patch+json');
    await problem(await fetch(url(notes), {method: 'POST', body: '{}'}), 415);
    expect(
      (
        await problem(
          await fetch(url(notes), {method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{"title":'}),
          400,
        )
      ).detail,
    ).toContain('not valid JSON');
    const invalid = await problem(
      await fetch(url(notes), {
        method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({title: '', body: 3, colour: 'red', tags: ['Bad Tag']}),
      }),
      422,
    );
    for (const part of ['"title"', '"body"', '"colour"', 'tag']) expect(invalid.detail).toContain(part);
    const mismatch = await fetch(url(notePath), {
      method: 'PUT',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({id: 2, title: 't', body: 'b'}),
    });
    await problem(mismatch, 409);
    const tooBig = await fetch(url(notes), {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({title: 't', body: 'x'.repeat(3000)}),
    });
    await problem(tooBig, 413);
  });

  it('bounds a sandbox: past its notes limit, 409; unknown sandboxes and paths, 404', async () => {
    const {notes} = await newSandbox();
    for (const n of [4, 5]) {
      const r = await fetch(url(notes), {
        method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({title: `n${n}`, body: ''}),
      });
      expect(r.status).toBe(201);
    }
    const full = await fetch(url(notes), {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({title: 'one more', body: ''}),
    });
    expect((await problem(full, 409)).detail).toContain('maximum of 5');
    expect((await problem(await fetch(url('/api/sandboxes/nope/notes')), 404)).detail).toContain('POST /api/sandboxes');
    await problem(await fetch(url(`${notes}/abc`)), 404);
    await problem(await fetch(url('/api/elsewhere')), 404);
  });
});

describe('representations and conditional requests', () => {
  it('negotiates JSON, HTML or plain text by Accept, with Vary, and 406 when none fits', async () => {
    const {notes} = await newSandbox();
    const notePath = `${notes}/1`;
    const html = await fetch(url(notePath), {headers: {Accept: 'text/html'}});
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toContain('<h1>REST is a style</h1>');
    const text = await fetch(url(notePath), {headers: {Accept: 'text/plain;q=0.9, application/json;q=0.5'}});
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(text.headers.get('vary')).toBe('Accept');
    const json = await fetch(url(notePath), {headers: {Accept: '*/*'}});
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    // Different representations, different strong validators.
    expect(html.headers.get('etag')).not.toBe(json.headers.get('etag'));
    await problem(await fetch(url(notePath), {headers: {Accept: 'image/png'}}), 406);
  });

  it('304 for a matching If-None-Match or an unchanged If-Modified-Since, with the validators and no body', async () => {
    const {notes} = await newSandbox();
    const notePath = `${notes}/2`;
    const first = await fetch(url(notePath));
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(first.headers.get('cache-control')).toBe('max-age=10');
    expect((await fetch(url(notes))).headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(url('/api'))).headers.get('cache-control')).toBe('public, max-age=300');

    const notModified = await fetch(url(notePath), {headers: {'If-None-Match': etag}});
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(await notModified.text()).toBe('');
    expect((await fetch(url(notePath), {headers: {'If-None-Match': `W/${etag}`}})).status).toBe(304);
    expect((await fetch(url(notePath), {headers: {'If-Modified-Since': lastModified}})).status).toBe(304);
    expect((await fetch(url(notePath), {headers: {'If-None-Match': '"other"'}})).status).toBe(200);
  });

  it('the lost update: PUT with a stale If-Match gets 412 and changes nothing', async () => {
    const {notes} = await newSandbox();
    const notePath = `${notes}/3`;
    const etag = (await fetch(url(notePath))).headers.get('etag')!;
    // Someone else saves first.
    const theirs = await fetch(url(notePath), {
      method: 'PATCH',
      headers: {'Content-Type': 'application/merge-patch+json', 'If-Match': etag},
      body: JSON.stringify({body: 'their change'}),
    });
    expect(theirs.status).toBe(200);
    const mine = await fetch(url(notePath), {
      method: 'PUT',
      headers: {'Content-Type': 'application/json', 'If-Match': etag},
      body: JSON.stringify({title: 'Lost updates', body: 'my change'}),
    });
    expect((await problem(mine, 412)).detail).toContain('changed');
    expect(((await (await fetch(url(notePath))).json()) as NoteRepresentation).body).toBe('their change');
    // With the current tag it goes through; If-Match: * needs the note to exist; a stale If-Unmodified-Since fails.
    const current = (await fetch(url(notePath))).headers.get('etag')!;
    const retry = await fetch(url(notePath), {
      method: 'PUT',
      headers: {'Content-Type': 'application/json', 'If-Match': current},
      body: JSON.stringify({title: 'Lost updates', body: 'my change, merged by hand'}),
    });
    expect(retry.status).toBe(200);
    expect((await fetch(url(`${notes}/99`), {method: 'DELETE', headers: {'If-Match': '*'}})).status).toBe(404);
    const stale = await fetch(url(notePath), {
      method: 'DELETE',
      headers: {'If-Unmodified-Since': 'Thu, 01 Jan 2015 00:00:00 GMT'},
    });
    await problem(stale, 412);
  });
});

describe('recorded requests', () => {
  it('gives the request exactly as the server received it, once', async () => {
    const {notes} = await newSandbox();
    const body = JSON.stringify({title: 'Recorded', body: 'as sent'});
    const response = await fetch(url(notes), {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'X-Demo-Case': 'Kept'},
      body,
    });
    const location = response.headers.get('recorded-request')!;
    expect(location).toMatch(/^\/recorded-requests\/[A-Za-z0-9_-]{16}$/);
    const record = (await (await fetch(url(location))).json()) as {head: string; body: string; bodyTruncated: boolean};
    const lines = record.head.split('\r\n');
    expect(lines[0]).toBe(`POST ${notes} HTTP/1.1`);
    // Names as the client wrote them (fetch's choice of case), values untouched.
    expect(lines.some((line) => /^x-demo-case: Kept$/i.test(line))).toBe(true);
    expect(lines.some((line) => line.toLowerCase() === `content-length: ${body.length}`)).toBe(true);
    expect(record.body).toBe(body);
    expect(record.bodyTruncated).toBe(false);
    await problem(await fetch(url(location)), 404);
  });

  it('withholds credentials and the values of cookies the demo did not set', async () => {
    const {notes} = await newSandbox();
    // Node's fetch sends a Cookie field a caller sets; a browser would add the host's cookies, HttpOnly ones too.
    const authorization = `Basic ${Buffer.from('reader:secret').toString('base64')}`;
    const response = await fetch(url(notes), {
      headers: {Cookie: 'session=s3cr3t; otw_path=seen', Authorization: authorization},
    });
    const record = (await (await fetch(url(response.headers.get('recorded-request')!))).json()) as {head: string};
    const lines = record.head.split('\r\n');
    expect(lines.filter((line) => /^cookie:/i.test(line))).toEqual([
      expect.stringMatching(/^cookie: session=…; otw_path=seen$/i),
    ]);
    expect(lines.filter((line) => /^authorization:/i.test(line))).toEqual([
      expect.stringMatching(new RegExp(`^authorization: \\(withheld: ${authorization.length} bytes\\)$`, 'i')),
    ]);
    expect(record.head).not.toContain('s3cr3t');
    expect(record.head).not.toContain(authorization);
  });
});

describe('the bounds around it', () => {
  it('lets the site preflight PUT with If-Match, and exposes ETag and Location to its scripts', async () => {
    const {notes} = await newSandbox();
    const preflight = await fetch(url(`${notes}/1`), {
      method: 'OPTIONS',
      headers: {
        Origin: SITE_ORIGIN,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'content-type, if-match',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('If-Match');
    const get = await fetch(url(`${notes}/1`), {headers: {Origin: SITE_ORIGIN}});
    expect(get.headers.get('access-control-expose-headers')).toContain('ETag');
    // Varies on both: CORS answers depend on Origin, the representation on Accept.
    expect(get.headers.get('vary')).toBe('Origin, Accept');
    await problem(await fetch(url('/api'), {headers: {Origin: 'https://evil.example'}}), 403);
  });

  it('limits how many sandboxes one client creates per minute (429 with Retry-After)', async () => {
    let refused: Response | undefined;
    for (let i = 0; i < 20 && refused === undefined; i += 1) {
      const response = await fetch(url('/api/sandboxes'), {method: 'POST'});
      if (response.status === 429) refused = response;
      else await response.text();
    }
    expect(refused).toBeDefined();
    await problem(refused!, 429);
    expect(refused!.headers.get('retry-after')).toBe('60');
  });
});
