import type {ReactNode} from 'react';
import {openApiDocument} from '../../../demo-server/src/openapi.ts';
import styles from './styles.module.css';

type Json = null | boolean | number | string | Json[] | {[key: string]: Json};
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
  const type = text(schema.type);
  if (type === 'array') return `array of ${schemaLabel(schema.items) || 'items'}`;
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
            {isObject(schema.properties) ? (
              <table className={styles.table}>
                <tbody>
                  {Object.entries(schema.properties).map(([property, propertySchema]) => (
                    <tr key={property}>
                      <td>
                        <code>{property}</code>
                        {Array.isArray(schema.required) && schema.required.includes(property) ? ' (required)' : ''}
                      </td>
                      <td>{schemaLabel(propertySchema)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className={styles.muted}>
                {Array.isArray(schema.required)
                  ? `Required: ${schema.required.map((name) => text(name)).join(', ')}`
                  : 'An object'}
              </p>
            )}
          </div>
        ) : null,
      )}
    </div>
  );
}
