/** Every demo's recorded session, by demo name. One line per demo, in the registry's order. */
import type {Session} from '../session.ts';
import EchoConsole from './EchoConsole.ts';
import RestPlayground from './RestPlayground.ts';
import StatelessDemo from './StatelessDemo.ts';
import LinkExplorer from './LinkExplorer.ts';
import ClientServerDemo from './ClientServerDemo.ts';
import CodeOnDemandDemo from './CodeOnDemandDemo.ts';
import CacheLayerDemo from './CacheLayerDemo.ts';
import FtpVsHttp from './FtpVsHttp.ts';

export const SESSIONS: readonly Session[] = [
  EchoConsole,
  RestPlayground,
  StatelessDemo,
  LinkExplorer,
  ClientServerDemo,
  CodeOnDemandDemo,
  CacheLayerDemo,
  FtpVsHttp,
];
