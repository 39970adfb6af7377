import type {HandshakeReport} from '../../../../demo-server/src/contract/inspect.ts';
import {findHeader} from '../../../../demo-server/src/contract/websocket.ts';
import {useEffect, useRef, useState, type ReactNode} from 'react';
import {httpUrl, webSocketUrl} from '../../../lib/demoServerUrls.ts';
import styles from '../styles.module.css';

type Tool = 'curl' | 'websocat';

/** Quotes a value for a POSIX shell. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** The same handshake from a terminal: the same key gives the same accept value. */
export function curlCommand(serverUrl: string, report: HandshakeReport): string {
  const header = (name: string) => {
    const value = findHeader(report.request.headers, name);
    return value === undefined ? [] : [`  -H ${shellQuote(`${name}: ${value}`)} \\`];
  };
  return [
    'curl --http1.1 --include --no-buffer \\',
    `  -H ${shellQuote('Connection: Upgrade')} \\`,
    `  -H ${shellQuote('Upgrade: websocket')} \\`,
    ...header('Sec-WebSocket-Version'),
    ...header('Sec-WebSocket-Key'),
    ...header('Origin'),
    `  ${shellQuote(httpUrl(serverUrl, report.request.url))}`,
  ].join('\n');
}

export function websocatCommand(serverUrl: string, report: HandshakeReport): string {
  const origin = findHeader(report.request.headers, 'Origin');
  return [
    `websocat -v`,
    ...(origin ? [`-H ${shellQuote(`Origin: ${origin}`)}`] : []),
    shellQuote(webSocketUrl(serverUrl, report.request.url)),
  ].join(' ');
}

function useCopy(text: string): {copy: () => void; copied: boolean; failed: boolean} {
  // Remember which text was copied (or failed), so a new command resets both.
  const [copiedText, setCopiedText] = useState<string | null>(null);
  const [failedText, setFailedText] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => {
        setCopiedText(text);
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => setCopiedText(null), 2_000);
      },
      () => setFailedText(text),
    );
  };
  return {copy, copied: copiedText === text, failed: failedText === text};
}

type Props = {serverUrl: string; report: HandshakeReport};

export default function ReproduceCommand({serverUrl, report}: Props): ReactNode {
  const [tool, setTool] = useState<Tool>('curl');
  const command = tool === 'curl' ? curlCommand(serverUrl, report) : websocatCommand(serverUrl, report);
  const {copy, copied, failed} = useCopy(command);
  return (
    <div className={styles.reproduce}>
      <h3 className={styles.headHeading}>Make this handshake yourself</h3>
      <div className={styles.toolbar} role="group" aria-label="Command-line tool">
        {(['curl', 'websocat'] as const).map((name) => (
          <button
            key={name}
            type="button"
            className={`button button--sm ${tool === name ? 'button--primary' : 'button--secondary'}`}
            aria-pressed={tool === name}
            onClick={() => setTool(name)}
          >
            {name}
          </button>
        ))}
        <button
          type="button"
          className="button button--sm button--outline button--primary"
          onClick={copy}
          aria-label={copied ? 'Copied' : 'Copy command'}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre className={styles.command} aria-label={`${tool} command`}>
        <code>{command}</code>
      </pre>
      {failed ? <p role="alert">Your browser did not allow copying; select the command and copy it by hand.</p> : null}
      <p className={styles.hint}>
        {tool === 'curl'
          ? 'curl sends your browser’s key, so the server answers with the very same Sec-WebSocket-Accept: the value depends on the key alone. After the 101 response, curl prints the first frame, whose payload is the JSON report.'
          : 'websocat makes a key of its own and then speaks WebSocket: type a line and the server echoes it in a JSON envelope. -v prints the handshake.'}
      </p>
    </div>
  );
}
