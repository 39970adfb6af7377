/** Every demo's recorded session, by demo name. One line per demo, in the registry's order. */
import type {Session} from '../session.ts';
import EchoConsole from './EchoConsole.ts';
import RedirectsDemo from './RedirectsDemo.ts';
import CookiesDemo from './CookiesDemo.ts';
import ContentNegotiation from './ContentNegotiation.ts';
import RequestTiming from './RequestTiming.ts';
import StreamedResponse from './StreamedResponse.ts';
import HttpInspector from './HttpInspector.ts';

export const SESSIONS: readonly Session[] = [
  EchoConsole,
  RedirectsDemo,
  CookiesDemo,
  ContentNegotiation,
  RequestTiming,
  StreamedResponse,
  HttpInspector,
];
