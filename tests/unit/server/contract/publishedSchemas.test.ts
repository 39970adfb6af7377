/**
 * The schema test's own check (tests/integration/support/publishedSchemas.ts):
 * it must fail a response or message with a field its schema does not name,
 * or one the documents do not describe at all, and pass the real thing.
 */
import {Ajv} from 'ajv';
import specs from '@asyncapi/specs';
import {describe, expect, it} from 'vitest';
import {asyncApiDocument, SSE_CHANNELS, WEBSOCKET_CHANNELS} from '../../../../demo-server/src/asyncapi.ts';
import {
  ENDPOINTS,
  WEBSOCKET_ENDPOINTS,
  type WebSocketEndpoint,
} from '../../../../demo-server/src/contract/endpoints.ts';
import {createConformance} from '../../../integration/support/publishedSchemas.ts';

const conformance = createConformance();
const health = {
  status: 'ok',
  version: '1.0.0',
  uptimeSeconds: 12.5,
  connections: {total: 0, byEndpoint: Object.fromEntries(WEBSOCKET_ENDPOINTS.map((path) => [path, 0]))},
};
const json = 'application/json; charset=utf-8';

describe('the published-schema check', () => {
  it('passes a response that fits its operation, and fails one with a field the schema does not name', () => {
    expect(conformance.response('GET', ENDPOINTS.health, 200, json, JSON.stringify(health))).toEqual([]);
    const added = conformance.response('GET', ENDPOINTS.health, 200, json, JSON.stringify({...health, load: 0.3}));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/GET \/health → 200 application\/json: .*must NOT have additional properties.*"load"/);
  });

  it('fails a missing field, a wrong type, and a JSON answer the document does not describe', () => {
    const {version: _, ...noVersion} = health;
    expect(conformance.response('GET', ENDPOINTS.health, 200, json, JSON.stringify(noVersion)).join()).toMatch(
      /must have required property 'version'/,
    );
    const clock = conformance.response('GET', ENDPOINTS.time, 200, json, '{"receivedAt":"now","sentAt":1}');
    expect(clock.join()).toMatch(/\/receivedAt must be number/);
    expect(conformance.response('GET', ENDPOINTS.time, 201, json, '{}').join()).toMatch(/does not describe/);
  });

  it('reads any path’s errors as problem details, and a cached answer as the API’s own', () => {
    const problem = {type: 'about:blank', title: 'Not Found', status: 404, detail: 'No such path'};
    const type = 'application/problem+json';
    expect(conformance.response('GET', '/nowhere', 404, type, JSON.stringify(problem))).toEqual([]);
    expect(conformance.response('GET', '/nowhere', 404, type, JSON.stringify({...problem, extra: 1}))).toHaveLength(1);
    const root = {
      name: 'n',
      description: 'd',
      _links: {self: {href: '/api'}, sandboxes: {href: '/s'}, describedby: {href: '/o'}},
    };
    expect(conformance.response('GET', `${ENDPOINTS.viaCache}/api`, 200, json, JSON.stringify(root))).toEqual([]);
    expect(conformance.response('GET', `${ENDPOINTS.viaCache}/api`, 200, json, '{"name":"n"}')).not.toEqual([]);
  });

  it('checks a WebSocket message against the messages of its address, and an SSE event by its name', () => {
    const tick = {type: 'tick', n: 1, of: 3, sentAt: 1};
    expect(conformance.message(ENDPOINTS.inspect, JSON.stringify(tick))).toEqual([]);
    expect(conformance.message(ENDPOINTS.inspect, JSON.stringify({...tick, late: true})).join()).toMatch(
      /fits no message/,
    );
    expect(conformance.message(ENDPOINTS.inspect, 'plain text').join()).toMatch(/not JSON/);
    // A `fragment` command's text comes back whole, in several frames: any text.
    expect(conformance.message(ENDPOINTS.inspect, 'plain text', {fragmented: true})).toEqual([]);
    // The plain echo sends back whatever it got.
    expect(conformance.message(ENDPOINTS.echo, 'anything')).toEqual([]);
    const event = {id: 4, emittedAt: 1, value: 0.5};
    expect(conformance.message(ENDPOINTS.eventsStream, JSON.stringify(event), {event: 'message'})).toEqual([]);
    expect(conformance.message(ENDPOINTS.eventsStream, JSON.stringify(event), {event: 'gap'})).not.toEqual([]);
    expect(conformance.message(ENDPOINTS.eventsStream, '{}', {event: 'surprise'}).join()).toMatch(
      /not in the AsyncAPI/,
    );
  });
});

describe('/asyncapi.json', () => {
  // The AsyncAPI 3.0.0 JSON Schema embeds draft-07's meta-schema; its copy without ids compiles on its own.
  const validate = new Ajv({strict: false, allErrors: true, validateSchema: false}).compile(
    specs.schemasWithoutId['3.0.0'],
  );

  it('is a valid AsyncAPI 3.0.0 document (and the validator does reject a broken one)', () => {
    const document = asyncApiDocument('https://demo.example');
    expect(validate(document), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(validate({...(document as object), operations: {x: {action: 'shout'}}})).toBe(false);
  });

  it('has a channel for every WebSocket endpoint and for the SSE stream, each payload closed', () => {
    const document = asyncApiDocument() as {
      channels: Record<string, {address: string}>;
      components: {messages: Record<string, {payload: {type?: string; additionalProperties?: unknown}}>};
    };
    const addresses = Object.values(document.channels).map((channel) => channel.address);
    expect(addresses.sort()).toEqual([...WEBSOCKET_ENDPOINTS, ...Object.keys(SSE_CHANNELS)].sort());
    for (const [name, message] of Object.entries(document.components.messages)) {
      if (message.payload.type === 'object') expect(message.payload.additionalProperties, name).toBe(false);
    }
  });

  it('gives each channel its own description of a message that several channels name alike', () => {
    const document = asyncApiDocument() as {
      channels: Record<string, {address: string; messages: Record<string, {$ref: string}>}>;
      components: {messages: Record<string, {summary: string}>};
    };
    const resolve = (ref: string) => document.components.messages[ref.split('/').at(-1) ?? ''];
    let shared = 0;
    for (const channel of Object.values(document.channels)) {
      const spec =
        channel.address in WEBSOCKET_CHANNELS
          ? WEBSOCKET_CHANNELS[channel.address as WebSocketEndpoint]
          : SSE_CHANNELS[channel.address];
      if (spec === undefined) throw new Error(`${channel.address}: a channel of no known kind`);
      const both = [...Object.entries(spec.send), ...Object.entries(spec.receive)];
      // A name used in both directions would leave the channel one entry for two messages.
      expect(Object.keys(channel.messages).length, channel.address).toBe(both.length);
      for (const [name, message] of both) {
        expect(resolve(channel.messages[name]?.$ref ?? '')?.summary, `${channel.address} ${name}`).toBe(
          message.summary,
        );
      }
      if (channel.messages.EchoEnvelope) shared += 1;
    }
    // `/ws/echo` and `/ws/inspect` both send an EchoEnvelope, described differently.
    expect(shared).toBeGreaterThanOrEqual(2);
  });
});
