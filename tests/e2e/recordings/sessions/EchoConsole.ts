import {expect} from '@playwright/test';
import type {Session} from '../session.ts';

/** Two messages: a text one and a binary one, each echoed. */
export default {
  demo: 'EchoConsole',
  page: '/docs/websocket/echo-console',
  title: 'Echo console',
  async run(demo) {
    await demo.getByRole('textbox').fill('Hello, echo');
    await demo.getByRole('button', {name: 'Send'}).click();
    await expect(demo.getByRole('row').filter({hasText: 'received'})).toHaveCount(1);
    await demo.getByRole('radio', {name: 'Binary (hex)'}).check();
    await demo.getByRole('textbox').fill('00 ff 7e');
    await demo.getByRole('button', {name: 'Send'}).click();
    await expect(demo.getByRole('row').filter({hasText: 'received'})).toHaveCount(2);
  },
  async expectReplay(demo) {
    await expect(demo.getByRole('row').filter({hasText: 'received'})).toHaveCount(2);
    await expect(demo.getByRole('row').filter({hasText: 'Hello, echo'})).toHaveCount(2);
    await expect(demo.getByRole('row').filter({hasText: '00 ff 7e'})).toHaveCount(2);
  },
} satisfies Session;
