/** The shape of a sink catalogue (the data lives in rules/data/, read by the rules). */

export interface KeyPosition {
  /** 0-based argument index. */
  arg: number;
  /** Property path inside the object literal passed at `arg`; absent when the argument itself is the key. */
  property?: readonly string[];
  /** For builder sinks: the argument is that of this method's call in the chain (`setProtectedHeader`). */
  method?: string;
}

export interface JwtSink {
  /** Module specifier exactly as imported or required. */
  module: string;
  /** Property path from the module namespace to the callee; `[]` for the module itself. */
  export: readonly string[];
  /** `new` also matches `super(...)` in a class that extends the sink. */
  kind: 'call' | 'new';
  /**
   * Builder sinks (`new SignJWT(p).setProtectedHeader(h).sign(key)`): the key goes to this method,
   * called on the constructed object through a chain of calls; `keys` index its arguments.
   */
  method?: string;
  keys: readonly KeyPosition[];
  /** Where the HMAC algorithm is named, when the call names it. */
  algorithm?: KeyPosition;
}

/**
 * Calls that return a class derived from their argument (NestJS `PassportStrategy(Strategy)`), so a
 * `super(...)` call in a class extending the result constructs the argument.
 */
export interface ClassMixin {
  module: string;
  export: readonly string[];
  baseArg: number;
}

export interface SinkCatalogue {
  sinks: readonly JwtSink[];
  mixins: readonly ClassMixin[];
}

/** Human label for messages and related locations, e.g. `jsonwebtoken.sign`. */
export function sinkLabel(sink: JwtSink): string {
  const base = [sink.module, ...sink.export].join('.');
  return sink.method ? `${base}#${sink.method}` : base;
}
