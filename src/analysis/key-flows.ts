/**
 * One entry point for the rules: for a call/new/super node, every literal that flows into a JWT key
 * position, with the sink it reaches and the algorithm named there. Memoised per node, so several
 * rules visiting the same call share one resolution.
 */
import type { NodePath } from '../ast/node-path.js';
import type { Node } from '@babel/types';
import type { ReportDescriptor } from '../rule.js';
import { expressionAt, keySites, matchSink, type KeySite } from './match-sink.js';
import { resolveKeySources, type EnvKeyRead, type KeyOrigin, type ParameterReach, type PropertyPathRead } from './resolve-key.js';
import type { DerivedSink, FlowLocation } from '../rule.js';
import { nodeRegion } from '../ast/node-region.js';
import { exportNamesOf } from './export-names.js';
import { functionLabel } from './helper-calls.js';
import { moduleOf } from './module-context.js';
import { withKeyConsumers } from './key-consumers.js';
import { children } from './unwrap.js';
import { sinkLabel, type JwtSink, type SinkCatalogue } from './sink-catalogue.js';
import { staticString } from './static-string.js';

export interface KeyFlow {
  sink: JwtSink;
  /** The sink is a wrapper of the project (a derived sink): how the call of it is named, `signToken()`. */
  wrapper?: string;
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
  /** Exported functions whose parameter reaches this call's key: sinks for the modules that call them. */
  derived: DerivedSink[];
  /** Property paths read into the key that resolve to nothing here (another module may write them). */
  paths: PathKeyFlow[];
}

/** A property path read into the key of a JWT call, e.g. `config.http.jwtSecret` of an unknown `config`. */
export interface PathKeyFlow {
  sinkLabel: string;
  callNode: Node;
  read: PropertyPathRead;
}

const cache = new WeakMap<SinkCatalogue, WeakMap<Node, Flows>>();

export function keyFlowsAt(path: NodePath, catalogue: SinkCatalogue): KeyFlow[] {
  return flowsAt(path, catalogue).literals;
}

/** Property paths read into the key of this call that the resolver could not follow. */
export function pathFlowsAt(path: NodePath, catalogue: SinkCatalogue): PathKeyFlow[] {
  return flowsAt(path, catalogue).paths;
}

/** Exported functions of the project whose parameter reaches the key of this call. */
export function derivedSinksAt(path: NodePath, catalogue: SinkCatalogue): DerivedSink[] {
  return flowsAt(path, catalogue).derived;
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

const sinkModules = new WeakMap<SinkCatalogue, { modules: ReadonlySet<string>; names: ReadonlySet<string> }>();

/**
 * The packages of the catalogue's sinks (their calls read the key objects they are given, never
 * write them) and the names their sinks are called by.
 */
function keyConsumers(catalogue: SinkCatalogue): { modules: ReadonlySet<string>; names: ReadonlySet<string> } {
  let known = sinkModules.get(catalogue);
  if (!known) {
    const packages = catalogue.sinks.filter((s) => !s.file);
    const names = packages.flatMap((s) => [...s.export, ...(s.method ? [s.method] : []), ...(s.callee ?? [])]);
    sinkModules.set(catalogue, (known = { modules: new Set(packages.map((s) => s.module)), names: new Set(names) }));
  }
  return known;
}

function computeFlows(path: NodePath, catalogue: SinkCatalogue): Flows {
  const { modules, names } = keyConsumers(catalogue);
  return withKeyConsumers(modules, names, () => resolveFlows(path, catalogue));
}

function resolveFlows(path: NodePath, catalogue: SinkCatalogue): Flows {
  const match = matchSink(path, catalogue);
  if (!match || keyUnused(path.node, match.sink)) return { literals: [], env: [], derived: [], paths: [] };
  const algorithms = match.sink.algorithm ? algorithmsAt(path, match.sink) : [];
  const flows: Flows = { literals: [], env: [], derived: [], paths: [] };
  const label = sinkLabel(match.sink);
  const exported = match.sink.export.join('.') || 'the module';
  const wrapper = match.sink.through ? (match.sink.method ? `${exported}#${match.sink.method}()` : `${exported}()`) : undefined;
  for (const site of keySites(path, match.sink)) {
    const sources = resolveKeySources(site.path, site.key.encoding, site.key.provider);
    for (const found of sources.literals) {
      if (isPublicKeyMaterial(found.value)) continue;
      // Written at the call of a wrapper: passed to it, not inline at the JWT call.
      const origin = wrapper && found.via === 'inline' ? { ...found, via: 'argument' as const, name: wrapper } : found;
      flows.literals.push({ sink: match.sink, ...(wrapper ? { wrapper } : {}), sinkLabel: label, callNode: match.callNode, site, origin, algorithms });
    }
    for (const read of sources.env) flows.env.push({ sinkLabel: label, callNode: match.callNode, read });
    for (const read of sources.paths) flows.paths.push({ sinkLabel: label, callNode: match.callNode, read });
    flows.derived.push(...derivedSinks(sources.params, match.sink, match.callNode, moduleOf(path)?.file, label));
  }
  return flows;
}

/**
 * The parameters that reach the key, as sinks for other modules: one per name the function's module
 * exports it under. The flow inside (parameter → hops → JWT call) goes with it, as positions.
 */
function derivedSinks(params: readonly ParameterReach[], sink: JwtSink, callNode: Node, callFile: string | undefined, label: string): DerivedSink[] {
  const out: DerivedSink[] = [];
  for (const { param, steps } of params) {
    const module = moduleOf(param.fn);
    const paramNode = children(param.fn, 'params')[param.index]?.node;
    const paramRegion = paramNode && nodeRegion(paramNode);
    const callRegion = nodeRegion(callNode);
    if (!module || !paramRegion || !callRegion || callFile === undefined) continue;
    const flow: FlowLocation[] = [{ label: `parameter "${param.label}" of ${functionLabel(param.fn)}`, file: module.file, region: paramRegion }];
    for (const s of [...steps].reverse()) {
      const region = nodeRegion(s.node);
      if (region) flow.push({ label: s.label, file: s.module?.file ?? module.file, region });
    }
    flow.push({ label: `key of ${label}`, file: callFile, region: callRegion });
    // A wrapper of a wrapper: the flow goes on inside the inner one.
    flow.push(...(sink.through?.flow ?? []));
    for (const name of exportNamesOf(param.fn)) {
      const property = param.property.length > 0 ? { property: param.property.join('.') } : {};
      out.push({ file: module.file, ...name, arg: param.index, ...property, through: { sink: label, flow } });
    }
  }
  return out;
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
    // A wrapper's call is where this file hands the key over; the JWT call is inside the wrapper.
    ...(flow.wrapper && flow.sink.through ? { sinkLabel: `${flow.wrapper}, which passes it to ${flow.sinkLabel}`, flowBeyond: flow.sink.through.flow } : {}),
  };
}
