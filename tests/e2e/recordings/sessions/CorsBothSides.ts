import {expect} from '@playwright/test';
import type {Session} from '../session.ts';

/** Two cases: a JSON POST (a preflight, then the POST) and credentials against `*` (answered 200, yet rejected). */
export default {
  demo: 'CorsBothSides',
  page: '/docs/when-it-breaks/cors',
  title: 'CORS, seen from both sides',
  async run(demo) {
    const result = demo.getByTestId('cors-result');
    await demo.getByRole('button', {name: 'JSON POST', exact: true}).click();
    await expect(result).toHaveAttribute('data-case', 'json');
    await expect(result).toHaveAttribute('data-done', 'true');
    await expect(result.getByTestId('cors-page-status')).toHaveText('200');
    await demo.getByRole('button', {name: 'Credentials with *'}).click();
    await expect(result).toHaveAttribute('data-case', 'credentials');
    await expect(result).toHaveAttribute('data-done', 'true');
    await expect(result.getByTestId('cors-page-error')).toContainText('TypeError');
  },
  async expectReplay(demo) {
    const result = demo.getByTestId('cors-result');
    await expect(result).toHaveAttribute('data-case', 'credentials');
    await expect(result).toHaveAttribute('data-done', 'true');
    await expect(result.getByTestId('cors-page-error')).toContainText('TypeError');
    await expect(result.getByTestId('server-saw-exchange')).toHaveCount(1);
    await expect(result.getByTestId('cors-decision')).toContainText('Access-Control-Allow-Credentials');
  },
} satisfies Session;
