import Link from '@docusaurus/Link';
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import Heading from '@theme/Heading';
import Layout from '@theme/Layout';
import type {ReactNode} from 'react';
import styles from './index.module.css';

interface PathStep {
  title: string;
  summary: string;
  /** Set once the article is published; steps without one are announced as coming. */
  to?: string;
}

const LEARNING_PATH: PathStep[] = [
  {
    title: 'The WebSocket opening handshake',
    summary:
      'Your browser asks an HTTP server to switch protocols. See the exact request it sent, the 101 answer, and recompute Sec-WebSocket-Accept yourself.',
    to: '/docs/websocket/opening-handshake',
  },
  {
    title: 'Frames and masking',
    summary: 'The bytes of the message you type, field by field, and the mask your browser applied to them.',
    to: '/docs/websocket/frames-and-masking',
  },
  {
    title: 'Ping, pong and closing',
    summary: 'Control frames: heartbeats with their round-trip time, close codes, and what 1005 and 1006 mean.',
    to: '/docs/websocket/ping-pong-and-closing',
  },
  {
    title: 'Subprotocols and full duplex',
    summary: 'What the browser offers and the server chooses, and both directions at once on one connection.',
    to: '/docs/websocket/subprotocols-and-extensions',
  },
  {
    title: 'Polling, long polling and Server-Sent Events',
    summary: 'Four ways to hear from a server, racing on the same events, with the requests and bytes each one costs.',
    to: '/docs/realtime/request-response',
  },
  {
    title: 'REST, constraint by constraint',
    summary: 'An architectural style, not a protocol: each of its six constraints holding or breaking on a real API.',
    to: '/docs/rest/what-rest-is',
  },
];

function Hero(): ReactNode {
  const {siteConfig} = useDocusaurusContext();
  return (
    <header className={styles.hero}>
      <div className="container">
        <Heading as="h1" className={styles.title}>
          {siteConfig.title}
        </Heading>
        <p className={styles.lead}>
          How the web talks, shown as it happens. Every article here runs a live demo against a real server, so you read
          the handshake your own browser just made and the bytes of the message you just sent — not a diagram of someone
          else&apos;s.
        </p>
        <div className={styles.actions}>
          <Link className="button button--primary button--lg" to="/docs/intro">
            Start the learning path
          </Link>
          <Link className="button button--secondary button--lg" to="/docs/websocket/opening-handshake">
            Watch your own handshake
          </Link>
        </div>
      </div>
    </header>
  );
}

function LearningPath(): ReactNode {
  return (
    <section className="container margin-vert--xl" aria-labelledby="learning-path">
      <Heading as="h2" id="learning-path">
        The learning path
      </Heading>
      <ol className={styles.path}>
        {LEARNING_PATH.map((step) => (
          <li key={step.title} className={styles.step}>
            <Heading as="h3" className={styles.stepTitle}>
              {step.to ? <Link to={step.to}>{step.title}</Link> : step.title}
            </Heading>
            <p>{step.summary}</p>
            <p className={step.to ? styles.live : styles.coming}>{step.to ? 'Live now' : 'Being written'}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}

export default function Home(): ReactNode {
  return (
    <Layout
      title="How the web talks, shown live"
      description="Watch HTTP, WebSocket, polling, Server-Sent Events and REST happen live in your own browser, byte by byte."
    >
      <Hero />
      <main>
        <LearningPath />
      </main>
    </Layout>
  );
}
