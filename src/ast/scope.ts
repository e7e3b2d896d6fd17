/**
 * Lexical scopes of one module: which declaration a name refers to, where the variable is read, and
 * whether it is ever reassigned. Built in one walk over the AST the first time analysis asks for a
 * scope (files no rule questions never pay for it), with the semantics of Babel's scope tracker that
 * the analysis was written against:
 * - `var` and function parameters belong to the nearest function (or the module); `let`, `const`,
 *   classes and function declarations to the nearest block; imports to the module;
 * - a name declared twice in one scope keeps its first declaration and is no longer constant;
 * - a binding is constant until something assigns it (`=`, `+=`, `++`, `for (x of …)`).
 */
import type { Identifier, Node } from '@babel/types';
import type { NodePath } from './node-path.js';
import { forEachChild } from './children.js';
import { isTypeLevel, isValueReference, patternIdentifiers } from './references.js';

export type BindingKind = 'var' | 'let' | 'const' | 'using' | 'module' | 'hoisted' | 'param' | 'local' | 'unknown';

/** Creates (or returns) the path of a node of this module; the scope index knows every node's parent. */
export type PathOf = (node: Node) => NodePath;

export class Binding {
  constant = true;
  private readonly references: Node[] = [];
  private readonly violations: Node[] = [];
  private referencePathList?: NodePath[];

  constructor(
    /** The declared name's Identifier node. */
    readonly identifier: Identifier,
    /** The declaring node: a VariableDeclarator, import specifier, function, class, parameter or catch clause. */
    private readonly declaration: Node,
    readonly kind: BindingKind,
    readonly scope: Scope,
    private readonly pathOf: PathOf,
  ) {}

  get path(): NodePath {
    return this.pathOf(this.declaration);
  }

  /** Every identifier that reads the variable, in source order. */
  get referencePaths(): NodePath[] {
    return (this.referencePathList ??= this.references.map(this.pathOf));
  }

  /** The assignments and updates of the variable (and repeated declarations). */
  get constantViolations(): NodePath[] {
    return this.violations.map(this.pathOf);
  }

  addReference(node: Node): void {
    this.references.push(node);
    this.referencePathList = undefined;
  }

  reassign(node: Node): void {
    this.constant = false;
    this.violations.push(node);
  }
}

export class Scope {
  readonly bindings = new Map<string, Binding>();

  constructor(
    /** The node that opens the scope (Program, a function, a block, …). */
    readonly block: Node,
    readonly parent: Scope | undefined,
    /** True for scopes `var` declarations belong to: the module, functions, static blocks, namespaces. */
    readonly holdsVar: boolean,
    private readonly pathOf: PathOf,
  ) {}

  get path(): NodePath {
    return this.pathOf(this.block);
  }

  getBinding(name: string): Binding | undefined {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const binding = scope.bindings.get(name);
      if (binding) return binding;
    }
    return undefined;
  }

  getProgramParent(): Scope {
    let scope: Scope = this;
    while (scope.parent) scope = scope.parent;
    return scope;
  }

  /** The scope a `var` declared here belongs to. */
  varScope(): Scope {
    let scope: Scope = this;
    while (!scope.holdsVar && scope.parent) scope = scope.parent;
    return scope;
  }

  declare(identifier: Identifier, declaration: Node, kind: BindingKind): void {
    const existing = this.bindings.get(identifier.name);
    if (!existing) this.bindings.set(identifier.name, new Binding(identifier, declaration, kind, this, this.pathOf));
    else if (existing.identifier !== identifier) existing.reassign(declaration);
  }
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod']);
const METHODS = new Set(['ObjectMethod', 'ClassMethod', 'ClassPrivateMethod']);
const BLOCK_SCOPES = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'SwitchStatement', 'CatchClause', 'ClassDeclaration', 'ClassExpression']);
const VAR_SCOPES = new Set(['StaticBlock', 'TSModuleBlock']);

/**
 * True when `child` belongs to the scope around `parent` although `parent` opens a scope: a method's
 * computed key and its decorators are evaluated outside the method, a switch's discriminant outside
 * its cases.
 */
export function inEnclosingScope(parent: Node, child: Node): boolean {
  if (METHODS.has(parent.type)) {
    const method = parent as { key: Node; decorators?: Node[] | null };
    return method.key === child || (method.decorators?.includes(child) ?? false);
  }
  return parent.type === 'SwitchStatement' && parent.discriminant === child;
}

/** What the scope walk learns about a module: every node's parent, and the scope each scope-opening node opens. */
export interface ScopeIndex {
  parentOf: Map<Node, Node>;
  scopeOf: Map<Node, Scope>;
}

export function buildScopes(program: Node, pathOf: PathOf): ScopeIndex {
  const parentOf = new Map<Node, Node>();
  const scopeOf = new Map<Node, Scope>();
  const references: { node: Identifier; scope: Scope }[] = [];
  const assignments: { node: Node; targets: Identifier[]; scope: Scope }[] = [];
  const root = new Scope(program, undefined, true, pathOf);
  scopeOf.set(program, root);

  const openScope = (node: Node, parent: Node, scope: Scope): Scope => {
    const type = node.type;
    let holdsVar: boolean;
    if (FUNCTIONS.has(type) || VAR_SCOPES.has(type)) holdsVar = true;
    else if (BLOCK_SCOPES.has(type)) holdsVar = false;
    else if (type === 'BlockStatement' && !FUNCTIONS.has(parent.type) && parent.type !== 'CatchClause') holdsVar = false;
    else return scope;
    const inner = new Scope(node, scope, holdsVar, pathOf);
    scopeOf.set(node, inner);
    return inner;
  };

  /** Declarations a node makes in the scope around it, or (parameters, own names) in the one it opens. */
  const declare = (node: Node, outer: Scope, inner: Scope): void => {
    switch (node.type) {
      case 'VariableDeclaration': {
        const kind = node.kind === 'var' ? 'var' : node.kind === 'let' ? 'let' : node.kind === 'const' ? 'const' : 'using';
        const target = kind === 'var' ? outer.varScope() : outer;
        for (const declarator of node.declarations) for (const id of patternIdentifiers(declarator.id)) target.declare(id, declarator, kind);
        break;
      }
      case 'FunctionDeclaration':
        if (node.id) outer.declare(node.id, node, 'hoisted');
        declareParams(node.params, inner);
        break;
      case 'FunctionExpression':
        if (node.id) inner.declare(node.id, node, 'local');
        declareParams(node.params, inner);
        break;
      case 'ArrowFunctionExpression':
      case 'ObjectMethod':
      case 'ClassMethod':
      case 'ClassPrivateMethod':
        declareParams(node.params, inner);
        break;
      case 'ClassDeclaration':
        if (node.id && !node.declare) outer.declare(node.id, node, 'let');
        break;
      case 'ClassExpression':
        if (node.id) inner.declare(node.id, node, 'local');
        break;
      case 'CatchClause':
        for (const id of patternIdentifiers(node.param)) inner.declare(id, node, 'let');
        break;
      case 'ImportDeclaration': {
        const typeOnly = node.importKind === 'type' || node.importKind === 'typeof';
        for (const specifier of node.specifiers) {
          const specifierTypeOnly = specifier.type === 'ImportSpecifier' && (specifier.importKind === 'type' || specifier.importKind === 'typeof');
          root.declare(specifier.local, specifier, typeOnly || specifierTypeOnly ? 'unknown' : 'module');
        }
        break;
      }
      case 'TSImportEqualsDeclaration':
      case 'TSEnumDeclaration':
        outer.varScope().declare(node.id, node, 'unknown');
        break;
      case 'AssignmentExpression':
        assignments.push({ node, targets: patternIdentifiers(node.left), scope: outer });
        break;
      case 'UpdateExpression':
        if (node.argument.type === 'Identifier') assignments.push({ node, targets: [node.argument], scope: outer });
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        if (node.left.type !== 'VariableDeclaration') assignments.push({ node, targets: patternIdentifiers(node.left), scope: inner });
        break;
      default:
        break;
    }
  };

  const declareParams = (params: readonly Node[], scope: Scope): void => {
    for (const param of params) for (const id of patternIdentifiers(param)) scope.declare(id, param, 'param');
  };

  const walk = (node: Node, parent: Node, grandparent: Node | null, scope: Scope): void => {
    // Types declare and read no variables, and analysis never asks for the path of a node in one.
    if (isTypeLevel(node.type)) return;
    parentOf.set(node, parent);
    let inner = scope;
    if (node.type === 'Identifier') {
      if (isValueReference(node, parent, grandparent)) references.push({ node, scope });
    } else {
      inner = openScope(node, parent, scope);
      declare(node, scope, inner);
    }
    forEachChild(node, (child) => walk(child, node, parent, inner !== scope && inEnclosingScope(node, child) ? scope : inner));
  };

  forEachChild(program, (child) => walk(child, program, null, root));

  for (const { node, scope } of references) scope.getBinding(node.name)?.addReference(node);
  for (const { node, targets, scope } of assignments) {
    for (const id of targets) scope.getBinding(id.name)?.reassign(node);
  }
  return { parentOf, scopeOf };
}
