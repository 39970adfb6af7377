/**
 * `/http/cookies/…` with a raw TCP client: the `Set-Cookie` bytes each case
 * writes, exactly; the `Cookie` field an echo reports, exactly as it was sent;
 * the bounds and the refusals. Node's fetch keeps no cookies, so these tests
 * check the server's half; tests/e2e/cookies.spec.ts checks what Chromium
 * stores, refuses and sends back.
 */
import {createHash} from 'node:crypto';
import {connect} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {
  COOKIE_CASES,
  COOKIE_PATHS,
  CookieClearAnswer,
  CookieEcho,
  CookieSetAnswer,
} from '../../demo-server/src/contract/cookies.ts';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {ProblemDetails} from '../../demo-server/src/contract/rest.ts';
import {check, type Schema} from '../../demo-server/src/contract/schema.ts';
import {COOKIE_LIMITS} from '../../demo-server/src/limits.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {SITE_ORIGIN, startTestServer} from './support/server.ts';

let server: DemoServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.shutdown());

interface RawAnswer {
  status: number;
  /** Header lines as written, `Name: value`, in order. */
  headerLines: string[];
  body: string;
}

/** Sends `head` (CRLF lines, without the blank line) on a new connection and reads the whole answer. */
function raw(lines: string[]): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...headerLines] = text.slice(0, end).split('\r\n');
      resolve({status: Number(statusLine.split(' ')[1]), headerLines, body: text.slice(end + 4)});
    });
    socket.end(`${[...lines, 'Connection: close'].join('\r\n')}\r\n\r\n`);
  });
}

function post(path: string, extra: string[] = [], host = `127.0.0.1:${server.port}`) {
  return raw([`POST ${path} HTTP/1.1`, `Host: ${host}`, `Origin: ${SITE_ORIGIN}`, 'Content-Length: 0', ...extra]);
}

function get(path: string, extra: string[] = []) {
  return raw([`GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${server.port}`, `Origin: ${SITE_ORIGIN}`, ...extra]);
}

function parsed<T>(schema: Schema<T>, answer: RawAnswer): T {
  const checked = check(schema, JSON.parse(answer.body));
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.value;
}

const setCookieLines = (answer: RawAnswer) =>
  answer.headerLines.filter((line) => line.toLowerCase().startsWith('set-cookie:'));

/** Each case's Set-Cookie for the value `v1`, written out by hand: the bytes the article shows. */
const EXPECTED: Record<(typeof COOKIE_CASES)[number], string> = {
  plain: 'otw_plain=v1; Path=/http/cookies; Max-Age=300',
  path: 'otw_path=v1; Path=/http/cookies/scoped; Max-Age=300',
  domain: 'otw_domain=v1; Path=/http/cookies; Domain=127.0.0.1; Max-Age=300',
  'max-age': 'otw_max_age=v1; Path=/http/cookies; Max-Age=300',
  secure: 'otw_secure=v1; Path=/http/cookies; Max-Age=300; Secure',
  httponly: 'otw_httponly=v1; Path=/http/cookies; Max-Age=300; HttpOnly',
  'samesite-strict': 'otw_samesite_strict=v1; Path=/http/cookies; Max-Age=300; SameSite=Strict',
  'samesite-lax': 'otw_samesite_lax=v1; Path=/http/cookies; Max-Age=300; SameSite=Lax',
  'samesite-none': 'otw_samesite_none=v1; Path=/http/cookies; Max-Age=300; Secure; SameSite=None',
  partitioned: 'otw_partitioned=v1; Path=/http/cookies; Max-Age=300; Secure; SameSite=None; Partitioned',
};

describe('POST /http/cookies/set/{case}', () => {
  it.each(COOKIE_CASES)('%s writes exactly its Set-Cookie line, and says so in its body', async (name) => {
    const answer = await post(`${COOKIE_PATHS.set}/${name}?value=v1`, ['Sec-Fetch-Site: cross-site']);
    expect(answer.status).toBe(200);
    expect(setCookieLines(answer)).toEqual([`Set-Cookie: ${EXPECTED[name]}`]);
    expect(answer.headerLines).toContain(`Access-Control-Allow-Origin: ${SITE_ORIGIN}`);
    expect(answer.headerLines).toContain('Access-Control-Allow-Credentials: true');
    expect(parsed(CookieSetAnswer, answer)).toEqual({
      case: name,
      name: EXPECTED[name].split('=')[0],
      setCookie: EXPECTED[name],
      secFetchSite: 'cross-site',
    });
  });

  it('takes a chosen Max-Age for the max-age case, 0 included, and makes up a value when none is given', async () => {
    const five = await post(`${COOKIE_PATHS.set}/max-age?maxAge=5`);
    expect(setCookieLines(five)).toEqual([
      expect.stringMatching(/^Set-Cookie: otw_max_age=[0-9a-f]{12}; Path=\/http\/cookies; Max-Age=5$/),
    ]);
    const zero = await post(`${COOKIE_PATHS.set}/max-age?value=gone&maxAge=0`);
    expect(setCookieLines(zero)).toEqual(['Set-Cookie: otw_max_age=gone; Path=/http/cookies; Max-Age=0']);
  });

  it('names the host the request came to, without its port, in the domain case', async () => {
    const answer = await post(`${COOKIE_PATHS.set}/domain?value=v1`, [], 'LocalHost:3000');
    expect(setCookieLines(answer)).toEqual([
      'Set-Cookie: otw_domain=v1; Path=/http/cookies; Domain=localhost; Max-Age=300',
    ]);
  });

  it.each([
    ['a value with a ";"', `${COOKIE_PATHS.set}/plain?value=a%3BSecure`, /"value" must be 1 to 32 letters or digits/],
    ['a value too long', `${COOKIE_PATHS.set}/plain?value=${'a'.repeat(COOKIE_LIMITS.maxValueChars + 1)}`, /"value"/],
    ['a Max-Age past the bound', `${COOKIE_PATHS.set}/max-age?maxAge=601`, /from 0 to 600/],
    ['a negative Max-Age', `${COOKIE_PATHS.set}/max-age?maxAge=-1`, /from 0 to 600/],
    ['a Max-Age for another case', `${COOKIE_PATHS.set}/plain?maxAge=5`, /max-age case's alone/],
  ])('refuses %s with problem details and sets nothing', async (_what, path, detail) => {
    const answer = await post(path);
    expect(answer.status).toBe(400);
    expect(setCookieLines(answer)).toEqual([]);
    expect(parsed(ProblemDetails, answer).detail).toMatch(detail);
  });

  it.each([['a;Secure'], ['[::1]:80'], ['-bad-.example']])(
    'refuses the domain case when Host is %s, which no Domain attribute may carry',
    async (host) => {
      const answer = await post(`${COOKIE_PATHS.set}/domain?value=v1`, [], host);
      expect(answer.status).toBe(400);
      expect(setCookieLines(answer)).toEqual([]);
    },
  );

  it('answers 404 for a case not on the list, 405 for a GET, with problem details', async () => {
    const unknown = await post(`${COOKIE_PATHS.set}/session`);
    expect(unknown.status).toBe(404);
    expect(parsed(ProblemDetails, unknown).detail).toContain(COOKIE_CASES.join(', '));
    const wrong = await get(`${COOKIE_PATHS.set}/plain`);
    expect(wrong.status).toBe(405);
    expect(wrong.headerLines).toContain('Allow: POST, OPTIONS');
    expect(setCookieLines(wrong)).toEqual([]);
    expect((await get(`${ENDPOINTS.cookies}/elsewhere`)).status).toBe(404);
  });
});

describe('POST /http/cookies/clear', () => {
  it('writes one Set-Cookie line per case, Max-Age=0 with the attributes that name the cookie', async () => {
    const answer = await post(COOKIE_PATHS.clear);
    expect(answer.status).toBe(200);
    const expected = COOKIE_CASES.map((name) =>
      EXPECTED[name].replace('=v1;', '=;').replace('Max-Age=300', 'Max-Age=0'),
    );
    expect(setCookieLines(answer)).toEqual(expected.map((field) => `Set-Cookie: ${field}`));
    expect(parsed(CookieClearAnswer, answer).setCookie).toEqual(expected);
  });
});

describe('GET /http/cookies/echo', () => {
  it('reports the Cookie field exactly as received', async () => {
    const field = 'otw_plain=abc; otw_samesite_lax=DEF123;otw_x=';
    const answer = await get(COOKIE_PATHS.echo, [`Cookie: ${field}`, 'Sec-Fetch-Site: same-site']);
    expect(answer.status).toBe(200);
    expect(parsed(CookieEcho, answer)).toEqual({
      path: COOKIE_PATHS.echo,
      cookieFields: [field],
      demoCookies: [
        {name: 'otw_plain', value: 'abc'},
        {name: 'otw_samesite_lax', value: 'DEF123'},
        {name: 'otw_x', value: ''},
      ],
      withheld: 0,
      secFetchSite: 'same-site',
    });
  });

  it('keeps two Cookie lines apart, and withholds the values of cookies not the demo’s', async () => {
    const answer = await get(COOKIE_PATHS.scopedEcho, ['Cookie: session=s3cr3t; otw_path=p', 'Cookie: theme=dark']);
    const echo = parsed(CookieEcho, answer);
    expect(echo.path).toBe(COOKIE_PATHS.scopedEcho);
    expect(echo.cookieFields).toEqual(['session=…; otw_path=p', 'theme=…']);
    expect(echo.withheld).toBe(2);
    expect(answer.body).not.toContain('s3cr3t');
  });

  it('says when the request carried no Cookie at all', async () => {
    expect(parsed(CookieEcho, await get(COOKIE_PATHS.echo))).toMatchObject({cookieFields: [], demoCookies: []});
  });

  it(`refuses more than ${COOKIE_LIMITS.maxCookiePairs} cookies with 431`, async () => {
    const many = Array.from({length: COOKIE_LIMITS.maxCookiePairs + 1}, (_, i) => `otw_${i}=1`).join('; ');
    const answer = await get(COOKIE_PATHS.echo, [`Cookie: ${many}`]);
    expect(answer.status).toBe(431);
    expect(parsed(ProblemDetails, answer).detail).toContain(`at most ${COOKIE_LIMITS.maxCookiePairs}`);
  });

  it(`refuses a Cookie field longer than ${COOKIE_LIMITS.maxCookieFieldChars} characters with 431`, async () => {
    const answer = await get(COOKIE_PATHS.echo, [`Cookie: otw_big=${'a'.repeat(COOKIE_LIMITS.maxCookieFieldChars)}`]);
    expect(answer.status).toBe(431);
  });
});

describe('GET /http/cookies/frame', () => {
  it('is a page whose one script the CSP allows by its hash, embeddable by the allowed origins alone', async () => {
    const answer = await get(COOKIE_PATHS.frame);
    expect(answer.status).toBe(200);
    const script = /<script>([\s\S]*)<\/script>/.exec(answer.body)?.[1] ?? '';
    const hash = createHash('sha256').update(script).digest('base64');
    expect(answer.headerLines).toContain(
      `Content-Security-Policy: default-src 'none'; script-src 'sha256-${hash}'; frame-ancestors ${SITE_ORIGIN}`,
    );
    expect(answer.headerLines).toContain('Content-Type: text/html; charset=utf-8');
    expect(answer.headerLines).toContain('X-Content-Type-Options: nosniff');
  });
});
