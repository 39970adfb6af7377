/**
 * Stops and starts the end-to-end demo server through its harness's control port (demoServerHarness.mts), for the
 * tests that show what a reader sees while it is down. A test that stops it starts it again in `afterEach`.
 */
import {expect} from '@playwright/test';
import {E2E_CONTROL_URL} from './ports.ts';

export async function demoServer(action: 'stop' | 'start'): Promise<void> {
  const response = await fetch(`${E2E_CONTROL_URL}/${action}`, {method: 'POST'});
  expect(response.ok, `the harness answers POST /${action}`).toBe(true);
}
