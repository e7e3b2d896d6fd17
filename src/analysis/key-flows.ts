/**
 * One entry point for the rules: for a call/new/super node, every literal that flows into a JWT key
 * position, with the sink it reaches and the algorithm named there. Memoised per node, so several
 * rules visiting the same call share one resolution.
 */
import type { NodePath } from '../ast/node-path.js';
import type { Node } from '@babel/types';
import type { ReportDescriptor } from '../rule.js';
import { expressionAt, keySites, matchSink, type KeySite } from './match-sink.js';
import { resolveKeySources, type EnvKeyRead, type KeyOrigin } from './resolve-key.js';
import { sinkLabel, type JwtSink, type SinkCatalogue } from './sink-catalogue.js';
import { staticString } from './static-string.js';

export interface KeyFlow {
  sink: JwtSink;
  sinkLabel: string;
  callNode: Node;
  site: KeySite;
  origin: KeyOrigin;
  /** Algorithm(s) written at the sink (`algorithm: 'HS512'`, `algorithms: ['HS384']`), if any. */
  algorithms: string[];
}

/** An environment variable read into the key of a JWT call: its value may sit in a config file. */
export interface EnvKeyFlow {
  sinkLabel: string;
  callNode: Node;
  read: EnvKeyRead;
}

interface Flows {
  literals: KeyFlow[];
  env: EnvKeyFlow[];
}

const cache = new WeakMap<SinkCatalogue, WeakMap<Node, Flows>>();

export function keyFlowsAt(path: NodePath, catalogue: SinkCatalogue): KeyFlow[] {
  return flowsAt(path, catalogue).literals;
}

/** The environment variables the key of this call reads (computed with, and cached beside, its literal flows). */
export function envFlowsAt(path: NodePath, catalogue: SinkCatalogue): EnvKeyFlow[] {
  return flowsAt(path, catalogue).env;
}

function flowsAt(path: NodePath, catalogue: SinkCatalogue): Flows {
  let byNode = cache.get(catalogue);
  if (!byNode) cache.set(catalogue, (byNode = new WeakMap()));
  const cached = byNode.get(path.node);
  if (cached) return cached;
  const flows = computeFlows(path, catalogue);
  byNode.set(path.node, flows);
  return flows;
}

function computeFlows(path: NodePath, catalogue: SinkCatalogue): Flows {
  const match = matchSink(path, catalogue);
  if (!match || keyUnused(path.node, match.sink)) return { literals: [], env: [] };
  const algorithms = match.sink.algorithm ? algorithmsAt(path, match.sink) : [];
  const flows: Flows = { literals: [], env: [] };
  const label = sinkLabel(match.sink);
  for (const site of keySites(path, match.sink)) {
    const sources = resolveKeySources(site.path, site.key.encoding, site.key.provider);
    for (const origin of sources.literals) {
      if (isPublicKeyMaterial(origin.value)) continue;
      flows.literals.push({ sink: match.sink, sinkLabel: label, callNode: match.callNode, site, origin, algorithms });
    }
    for (const read of sources.env) flows.env.push({ sinkLabel: label, callNode: match.callNode, read });
  }
  return flows;
}

/** `jwt.decode(token, '', true)`: with verification switched off by a literal `true`, no key is read. */
function keyUnused(call: Node, sink: JwtSink): boolean {
  if (sink.noVerifyArg === undefined || (call.type !== 'CallExpression' && call.type !== 'OptionalCallExpression')) return false;
  const flag = call.arguments[sink.noVerifyArg];
  return flag?.type === 'BooleanLiteral' && flag.value;
}

/** A PEM public key or certificate verifies tokens; it is not a secret wherever it is written. */
export function isPublicKeyMaterial(value: string): boolean {
  return /-----BEGIN (?:RSA |EC )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(value) && !/PRIVATE KEY-----/.test(value);
}

function algorithmsAt(path: NodePath, sink: JwtSink): string[] {
  const site = sink.algorithm && expressionAt(path, sink.algorithm);
  if (!site) return [];
  const node = site.path.node;
  const single = staticString(node);
  if (single !== undefined) return [single];
  if (node.type === 'ArrayExpression') {
    return node.elements.flatMap((el) => {
      const value = el ? staticString(el) : undefined;
      return value === undefined ? [] : [value];
    });
  }
  return [];
}

/** The report fields every sink-based rule gives for a flow: key, sink, home module and hops. */
export function flowReport(flow: KeyFlow): Omit<ReportDescriptor, 'messageId' | 'data' | 'level'> {
  const { origin } = flow;
  return {
    keyNode: origin.node,
    keyValue: origin.value,
    byteLength: origin.byteLength,
    sinkNode: flow.callNode,
    sinkLabel: flow.sinkLabel,
    ...(origin.module ? { keyFile: origin.module } : {}),
    flow: [...origin.steps].reverse().map((s) => ({ node: s.node, label: s.label, ...(s.module ? { file: s.module } : {}) })),
  };
}
