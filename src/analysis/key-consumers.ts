/**
 * Calls that only read the key object they are given: the JWT libraries of the sink catalogue the
 * rule is resolving with. An options or key object passed to two sink calls
 * (`JWS.sign(alg, h, p, KEY)`, `JWS.verifyJWT(t, KEY, ...)`) is not changed by either, unlike one
 * passed to an unknown function (`_.merge(opts, env)`), which may write it.
 *
 * The set is the catalogue's, given for the time of one resolution (`withKeyConsumers`), so the
 * analysis holds no library names of its own.
 */
import type { NodePath } from '../ast/node-path.js';
import type { Node } from '@babel/types';
import { resolveModuleRef } from './module-ref.js';
import { child } from './unwrap.js';

let consumers: ReadonlySet<string> = new Set();
let consumerNames: ReadonlySet<string> | undefined;

/**
 * Runs `fn` with `modules` as the packages whose calls only read their arguments, and `names` as the
 * export and method names of their sinks (`sign`, `jwtVerify`, `SignJWT`, `expressjwt`, ...).
 */
export function withKeyConsumers<T>(modules: ReadonlySet<string>, names: ReadonlySet<string>, fn: () => T): T {
  const outer = [consumers, consumerNames] as const;
  consumers = modules;
  consumerNames = names;
  try {
    return fn();
  } finally {
    [consumers, consumerNames] = outer;
  }
}

/** Whether `name` is the name of a sink's export or method (always, outside a resolution with a catalogue). */
export function isConsumerName(name: string): boolean {
  return consumerNames === undefined || consumerNames.has(name);
}

/**
 * Whether a local module's text can pass one of those packages on (it names one, or re-exports
 * another module): only such a module is worth parsing to learn whether a call through it is the
 * library's. Outside a resolution with a catalogue, every module is.
 */
export function mayPassOnConsumer(text: string): boolean {
  if (consumers.size === 0) return true;
  return textMemo(mayPassMemos, text, () => namesConsumer(text) || /export\s*(?:\*|\{[^}]*\})\s*from|module\.exports\s*=\s*require\(/.test(text));
}

/** The text names one of those packages (in an import, a require or a re-export). */
export function namesConsumer(text: string): boolean {
  if (consumers.size === 0) return true;
  return textMemo(namesMemos, text, () => {
    for (const module of consumers) if (text.includes(module)) return true;
    return false;
  });
}

// Per consumer set and module text: a popular module (a barrel, a utils file) is asked about once
// for every call through it, and each answer is a scan of its whole text.
// Bounded by the characters the keys hold, since they keep module texts alive.
interface TextMemo {
  answers: Map<string, boolean>;
  chars: number;
}
const MEMO_CHARS = 32 * 2 ** 20;
const namesMemos = new WeakMap<ReadonlySet<string>, TextMemo>();
const mayPassMemos = new WeakMap<ReadonlySet<string>, TextMemo>();

function textMemo(memos: WeakMap<ReadonlySet<string>, TextMemo>, text: string, compute: () => boolean): boolean {
  let memo = memos.get(consumers);
  if (!memo) memos.set(consumers, (memo = { answers: new Map(), chars: 0 }));
  let answer = memo.answers.get(text);
  if (answer === undefined) {
    answer = compute();
    if (memo.chars + text.length > MEMO_CHARS) memo = { answers: new Map(), chars: 0 };
    memos.set(consumers, memo);
    memo.answers.set(text, answer);
    memo.chars += text.length;
  }
  return answer;
}

/** `node` is an argument of a call (or `new`) of one of those packages. */
export function passedToKeyConsumer(parent: NodePath, node: Node): boolean {
  if (consumers.size === 0) return false;
  const call = parent.node;
  if ((call.type !== 'CallExpression' && call.type !== 'NewExpression') || call.callee === node) return false;
  const ref = resolveModuleRef(child(parent, 'callee'));
  return ref !== undefined && consumers.has(ref.module);
}
