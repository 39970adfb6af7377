import {expect} from '@playwright/test';
import type {Session} from '../session.ts';

/** From the root by links alone: the sandboxes (405, but POST allowed), a new sandbox, its notes, the first note. */
export default {
  demo: 'LinkExplorer',
  page: '/docs/rest/uniform-interface',
  title: 'Link explorer',
  async run(demo) {
    const representation = demo.getByTestId('representation');
    const trail = demo.getByRole('list', {name: 'Where you have been'});
    const links = demo.getByRole('region', {name: 'Links in this representation'});
    await expect(representation).toContainText('"sandboxes"');
    await links.getByRole('button', {name: /sandboxes/}).click();
    await expect(trail).toContainText('GET /api/sandboxes → 405');
    await links.getByRole('button', {name: 'POST /api/sandboxes'}).click();
    await expect(trail).toContainText('POST /api/sandboxes → 201');
    await links.getByRole('button', {name: /^notes/}).click();
    await links.getByRole('button', {name: /^item REST is a style/}).click();
    await expect(representation).toContainText('"title": "REST is a style"');
  },
  async expectReplay(demo) {
    const trail = demo.getByRole('list', {name: 'Where you have been'});
    await expect(trail.locator('li')).toHaveCount(5);
    await expect(trail).toContainText('POST /api/sandboxes → 201');
    await expect(demo.getByTestId('representation')).toContainText('"title": "REST is a style"');
    await expect(demo.getByRole('region', {name: 'Links in this representation'}).getByRole('button')).not.toHaveCount(
      0,
    );
  },
} satisfies Session;
