/**
 * Paths over @babel/parser's AST: a node with its parent chain and its scope, and the walk that
 * hands them to visitors. The subset of @babel/traverse's NodePath the analysis uses (`node`,
 * `parentPath`, `parent`, `get`, `findParent`, `scope`, `traverse`, `skip`), at a fraction of its cost:
 * a path is created only for a node a visitor or the analysis reaches, and scopes are built only
 * when first asked for. Paths are unique per node, so they can be compared and kept in maps.
 */
import type { File, Node, Program } from '@babel/types';
import { forEachChild } from './children.js';
import { buildScopes, inEnclosingScope, type Scope, type ScopeIndex } from './scope.js';
import { explode, type ExplodedVisitor, type Visitor } from './visitor.js';

/** What the paths of one module share: the path of each node, and the scope index once built. */
class ModuleTree {
  readonly paths = new Map<Node, NodePath>();
  readonly program: NodePath<Program>;
  private index?: ScopeIndex;

  constructor(program: Program, readonly file: File) {
    this.program = new NodePath(program, null, this);
    this.paths.set(program, this.program);
  }

  childOf(parent: NodePath, node: Node): NodePath {
    let path = this.paths.get(node);
    if (!path) this.paths.set(node, (path = new NodePath(node, parent, this)));
    return path;
  }

  /** The path of any node of this module (through the parent links the scope walk records). */
  readonly pathOf = (node: Node): NodePath => {
    const known = this.paths.get(node);
    if (known) return known;
    const { parentOf } = this.scopes();
    const chain: Node[] = [node];
    let parent = parentOf.get(node);
    while (parent && !this.paths.has(parent)) {
      chain.push(parent);
      parent = parentOf.get(parent);
    }
    if (!parent) throw new Error(`internal: a ${node.type} node outside this module`);
    let path = this.paths.get(parent)!;
    for (let i = chain.length - 1; i >= 0; i--) path = this.childOf(path, chain[i]!);
    return path;
  };

  scopes(): ScopeIndex {
    return (this.index ??= buildScopes(this.program.node, this.pathOf));
  }

  scopeAt(path: NodePath): Scope {
    const { scopeOf } = this.scopes();
    const own = path.node && scopeOf.get(path.node);
    if (own) return own;
    for (let child: NodePath = path, current = path.parentPath; current; child = current, current = current.parentPath) {
      const scope = scopeOf.get(current.node);
      if (scope && !(child.node && inEnclosingScope(current.node, child.node))) return scope;
    }
    return scopeOf.get(this.program.node)!;
  }
}

const trees = new WeakMap<Program, ModuleTree>();

/** The Program path of a parsed file: one per AST, however often it is asked for. */
export function programPath(ast: File): NodePath<Program> {
  let tree = trees.get(ast.program);
  if (!tree) trees.set(ast.program, (tree = new ModuleTree(ast.program, ast)));
  return tree.program;
}

export class NodePath<T extends Node = Node> {
  /** Set by `skip()` in a visitor: the walk does not enter this node's children. */
  private skipped = false;
  private cachedScope?: Scope;

  constructor(
    /** The node; null for the path of an absent child (`get('init')` of `let x;`), as in Babel. */
    readonly node: T,
    readonly parentPath: NodePath | null,
    private readonly tree: ModuleTree,
  ) {}

  /** The parent node (the File node for the Program). */
  get parent(): Node {
    return this.parentPath ? this.parentPath.node : this.tree.file;
  }

  get scope(): Scope {
    return (this.cachedScope ??= this.tree.scopeAt(this));
  }

  /**
   * The path of a child: `get('init')`, `get('id.typeAnnotation')`, `get('arguments')` (an array of
   * paths for a list field), `get('arguments.0')`. Reading through an absent node throws.
   */
  get(key: string): NodePath | NodePath[] {
    const parts = key.split('.');
    let current: NodePath = this;
    for (let i = 0; i < parts.length; i++) {
      const value = (current.node as unknown as Record<string, unknown>)[parts[i]!];
      if (Array.isArray(value)) {
        if (i === parts.length - 1) return value.map((element: Node | null) => current.child(element));
        current = current.child(value[Number(parts[++i])] as Node | null);
      } else {
        current = current.child(value as Node | null | undefined);
      }
    }
    return current;
  }

  findParent(test: (path: NodePath) => boolean): NodePath | null {
    for (let current = this.parentPath; current; current = current.parentPath) if (test(current)) return current;
    return null;
  }

  /** In a visitor: do not visit this node's children. */
  skip(): void {
    this.skipped = true;
  }

  /** Visits every node below this one (not this one), depth first in source order. */
  traverse(visitor: Visitor): void {
    NodePath.walkChildren(this, explode(visitor));
  }

  private child(node: Node | null | undefined): NodePath {
    if (node === null || node === undefined || typeof node.type !== 'string') return new NodePath(node as unknown as Node, this, this.tree);
    return this.tree.childOf(this, node);
  }

  /** @internal The walk: enter handlers, then the children unless skipped, then exit handlers. */
  static visit(path: NodePath, table: ExplodedVisitor): void {
    const handlers = table.get(path.node.type);
    if (handlers && handlers.enter.length > 0) {
      path.skipped = false;
      for (const handler of handlers.enter) handler(path);
      if (path.skipped) {
        path.skipped = false;
        return;
      }
    }
    NodePath.walkChildren(path, table);
    if (handlers) for (const handler of handlers.exit) handler(path);
  }

  private static walkChildren(path: NodePath, table: ExplodedVisitor): void {
    forEachChild(path.node, (child) => NodePath.visit(path.tree.childOf(path, child), table));
  }
}

/** Walks a parsed file from its Program node (visited too), with the handlers of `table`. */
export function traverseFile(ast: File, table: ExplodedVisitor): void {
  NodePath.visit(programPath(ast), table);
}
