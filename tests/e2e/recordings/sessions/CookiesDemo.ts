import {expect, type Locator} from '@playwright/test';
import {COOKIE_CASES} from '../../../../demo-server/src/contract/cookies.ts';
import type {Session} from '../session.ts';

const cell = (demo: Locator, name: string, column: 'server' | 'frame' | 'page') =>
  demo.locator(`tr[data-case="${name}"] td[data-column="${column}"] > span`).first();

/** Every cookie set at once, then looked at from every side: the server's Cookie, its own page's and this one's. */
export default {
  demo: 'CookiesDemo',
  page: '/docs/http/cookies',
  title: 'Cookies, from every side',
  async run(demo) {
    await demo.getByRole('button', {name: 'Set every cookie'}).click();
    await expect(demo.getByTestId('cookie-field-echo')).toBeVisible();
    await expect(demo.getByRole('button', {name: 'Set every cookie'})).toBeEnabled();
    for (const name of COOKIE_CASES) await expect(cell(demo, name, 'frame')).not.toHaveText('not looked yet');
  },
  async expectReplay(demo) {
    await expect(demo.getByTestId('cookie-site')).toContainText('Sec-Fetch-Site: same-site');
    await expect(demo.getByTestId('cookie-field-echo')).toContainText('Cookie: ');
    for (const name of COOKIE_CASES) {
      await expect(demo.locator(`tr[data-case="${name}"] [data-column="sent"] code`)).toBeVisible();
    }
    // Sent to the server, never shown to script: the HttpOnly row reads yes, no, no.
    await expect(cell(demo, 'httponly', 'server')).toHaveText('yes');
    await expect(cell(demo, 'httponly', 'frame')).toHaveText('no');
    await expect(cell(demo, 'httponly', 'page')).toHaveText('no');
  },
} satisfies Session;
