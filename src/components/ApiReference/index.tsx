import type {ReactNode} from 'react';
import {asyncApiDocument} from '../../../demo-server/src/asyncapi.ts';
import type {Json} from '../../../demo-server/src/contract/schema.ts';
import {openApiDocument} from '../../../demo-server/src/openapi.ts';
import styles from './styles.module.css';

type JsonObject = {[key: string]: Json};

const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options'] as const;

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : '';
}

function schemaLabel(schema: Json | undefined): string {
  if (!isObject(schema)) return '';
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').at(-1) ?? '';
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((value) => JSON.stringify(value)).join(', ')}`;
  const members = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : null;
  if (members) return members.map((member) => schemaLabel(member)).join(' or ');
  const type = text(schema.type);
  if (type === 'array' && Array.isArray(schema.items))
    return `[${schema.items.map((item) => schemaLabel(item)).join(', ')}]`;
  if (type === 'array') return `array of ${schemaLabel(schema.items) || 'items'}`;
  if (type === 'object' && isObject(schema.additionalProperties)) {
    const most = typeof schema.maxProperties === 'number' ? `, ≤ ${schema.maxProperties} members` : '';
    return `object of ${schemaLabel(schema.additionalProperties)}${most}`;
  }
  if (type === '') return 'any JSON value';
  const bounds = [
    typeof schema.minimum === 'number' ? `≥ ${schema.minimum}` : '',
    typeof schema.maximum === 'number' ? `≤ ${schema.maximum}` : '',
    typeof schema.maxLength === 'number' ? `≤ ${schema.maxLength} chars` : '',
    typeof schema.pattern === 'string' ? `/${schema.pattern}/` : '',
  ].filter(Boolean);
  return [type, ...bounds].join(', ');
}

function Operation({method, path, operation}: {method: string; path: string; operation: JsonObject}): ReactNode {
  const parameters = Array.isArray(operation.parameters) ? operation.parameters.filter(isObject) : [];
  const responses = isObject(operation.responses) ? Object.entries(operation.responses) : [];
  const requestBody =
    isObject(operation.requestBody) && isObject(operation.requestBody.content) ? operation.requestBody.content : null;
  return (
    <div className={styles.operation}>
      <h3 className={styles.signature}>
        <span className={styles.method}>{method.toUpperCase()}</span> <code>{path}</code>
      </h3>
      <p>{text(operation.summary)}</p>
      {text(operation.description) ? <p className={styles.muted}>{text(operation.description)}</p> : null}
      {parameters.length > 0 ? (
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Parameter</th>
              <th scope="col">In</th>
              <th scope="col">Schema</th>
            </tr>
          </thead>
          <tbody>
            {parameters.map((parameter) => (
              <tr key={`${text(parameter.in)}-${text(parameter.name)}`}>
                <td>
                  <code>{text(parameter.name)}</code>
                  {parameter.required === true ? ' (required)' : ''}
                </td>
                <td>{text(parameter.in)}</td>
                <td>{schemaLabel(parameter.schema)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {requestBody ? (
        <p>
          Body:{' '}
          {Object.entries(requestBody).map(([type, media]) => (
            <span key={type}>
              <code>{type}</code> {isObject(media) ? schemaLabel(media.schema) : ''}
            </span>
          ))}
        </p>
      ) : null}
      <ul className={styles.responses}>
        {responses.map(([status, response]) => (
          <li key={status}>
            <strong>{status}</strong> {isObject(response) ? text(response.description) : ''}
            {isObject(response) && isObject(response.content)
              ? Object.entries(response.content).map(([type, media]) => (
                  <span key={type} className={styles.muted}>
                    {' '}
                    · <code>{type}</code> {isObject(media) ? schemaLabel(media.schema) : ''}
                  </span>
                ))
              : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The members of an object schema, each with its type and bounds; a union's members one table each. */
function Fields({schema}: {schema: JsonObject}): ReactNode {
  if (Array.isArray(schema.oneOf)) {
    return schema.oneOf.filter(isObject).map((member, index) => {
      const properties = isObject(member.properties) ? member.properties : {};
      const tag = Object.entries(properties).find(([, value]) => isObject(value) && value.const !== undefined);
      return (
        <div key={index}>
          <p className={styles.muted}>{tag ? `${tag[0]}: ${JSON.stringify((tag[1] as JsonObject).const)}` : 'or'}</p>
          <Fields schema={member} />
        </div>
      );
    });
  }
  if (!isObject(schema.properties)) return <p className={styles.muted}>{schemaLabel(schema) || 'Any JSON value'}</p>;
  const required = Array.isArray(schema.required) ? schema.required : [];
  return (
    <table className={styles.table}>
      <tbody>
        {Object.entries(schema.properties).map(([property, propertySchema]) => (
          <tr key={property}>
            <td>
              <code>{property}</code>
              {required.includes(property) ? ' (required)' : ''}
            </td>
            <td>{schemaLabel(propertySchema)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The demo server's OpenAPI document, from the same module the server serves at /openapi.json. */
const openApi = openApiDocument() as JsonObject;

/**
 * Every path and method of the demo server's OpenAPI document, with its
 * parameters and responses, rendered at build time. Each operation is an
 * `h3`: the page puts it under its own `## Endpoints`, so the headings stay
 * in order and the table of contents shows the section.
 */
export function ApiEndpoints(): ReactNode {
  const paths = isObject(openApi.paths) ? Object.entries(openApi.paths) : [];
  return (
    <div className={styles.reference}>
      {paths.map(([path, item]) =>
        isObject(item)
          ? METHODS.filter((method) => isObject(item[method])).map((method) => (
              <Operation key={`${method} ${path}`} method={method} path={path} operation={item[method] as JsonObject} />
            ))
          : null,
      )}
    </div>
  );
}

/** Every schema of the demo server's OpenAPI document, each an `h3` for the page's `## Schemas`. */
export function ApiSchemas(): ReactNode {
  const components =
    isObject(openApi.components) && isObject(openApi.components.schemas) ? openApi.components.schemas : {};
  return (
    <div className={styles.reference}>
      {Object.entries(components).map(([name, schema]) =>
        isObject(schema) ? (
          <div key={name} className={styles.operation} id={`schema-${name.toLowerCase()}`}>
            <h3>{name}</h3>
            <Fields schema={schema} />
          </div>
        ) : null,
      )}
    </div>
  );
}

/** The demo server's AsyncAPI document, from the same module the server serves at /asyncapi.json. */
const asyncApi = asyncApiDocument() as JsonObject;

/**
 * Every channel of the AsyncAPI document (each WebSocket endpoint, and the
 * Server-Sent Events stream): what the server sends on it and what it reads,
 * each message with its fields. Each channel is an `h3` for the page's
 * `## Messages`.
 */
export function ApiMessages(): ReactNode {
  const channels = isObject(asyncApi.channels) ? Object.entries(asyncApi.channels) : [];
  const components = isObject(asyncApi.components) ? asyncApi.components : {};
  const messages = isObject(components.messages) ? components.messages : {};
  const operations = isObject(asyncApi.operations) ? Object.values(asyncApi.operations).filter(isObject) : [];
  // Who sends each message of each channel: the server (`send`) or the client (`receive`).
  const sentBy = new Map<string, Set<string>>();
  for (const operation of operations) {
    for (const ref of Array.isArray(operation.messages) ? operation.messages.filter(isObject) : []) {
      const directions = sentBy.get(text(ref.$ref)) ?? new Set<string>();
      directions.add(operation.action === 'send' ? 'server → client' : 'client → server');
      sentBy.set(text(ref.$ref), directions);
    }
  }
  return (
    <div className={styles.reference}>
      {channels.map(([id, channel]) => {
        if (!isObject(channel)) return null;
        const inChannel = isObject(channel.messages) ? Object.entries(channel.messages) : [];
        return (
          <div key={id} className={styles.operation}>
            <h3 className={styles.signature}>
              <code>{text(channel.address)}</code> {text(channel.title)}
            </h3>
            <p>{text(channel.description)}</p>
            {inChannel.map(([name, ref]) => {
              const key = isObject(ref) ? text(ref.$ref).split('/').at(-1) : undefined;
              const message = key === undefined ? undefined : messages[key];
              if (!isObject(message)) return null;
              const directions = [...(sentBy.get(`#/channels/${id}/messages/${name}`) ?? [])];
              return (
                <details key={name} className={styles.message}>
                  <summary>
                    <code>{name}</code> {text(message.summary)}{' '}
                    <span className={styles.muted}>
                      · {directions.join(', ')} · {text(message.contentType)}
                    </span>
                  </summary>
                  {isObject(message.payload) ? <Fields schema={message.payload} /> : null}
                </details>
              );
            })}
          </div>
        );
      })}
    </div>
  );
}
