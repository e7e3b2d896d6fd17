/**
 * Which identifiers read a variable, and which names a pattern binds: the two questions scope
 * analysis asks of every identifier. Written against the ECMAScript grammar as @babel/parser shapes
 * it (ESTree with Babel's ObjectProperty, ClassProperty, …), TypeScript included.
 */
import type { Identifier, Node } from '@babel/types';

/**
 * TypeScript nodes that hold run-time values (or declare them); every other `TS*` node is type-level,
 * and identifiers under it never read a variable.
 */
const VALUE_LEVEL_TS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
  'TSParameterProperty',
  'TSEnumDeclaration',
  'TSEnumBody',
  'TSEnumMember',
  'TSModuleDeclaration',
  'TSModuleBlock',
  'TSImportEqualsDeclaration',
  'TSExternalModuleReference',
  'TSExportAssignment',
  'TSNamespaceExportDeclaration',
]);

/** Flow's type-level nodes, by name. */
const FLOW_TYPE_LEVEL = /TypeAnnotation$|^(TypeAlias|OpaqueType|InterfaceDeclaration|TypeParameterDeclaration|TypeParameterInstantiation|Declare[A-Z]\w*)$/;

/** True when `type` starts a subtree of types, where no identifier reads a variable. */
export function isTypeLevel(type: string): boolean {
  if (type.startsWith('TS')) return !VALUE_LEVEL_TS.has(type);
  return FLOW_TYPE_LEVEL.test(type);
}

/**
 * True when `node`, an Identifier below `parent` (and `grandparent`), reads the variable of its name.
 * Not a read: the target of `x = …` and names inside destructuring patterns (those are writes),
 * declared names, labels, property keys, import/export names. As in Babel's model, `x++` and
 * `for (x of …)` count as reads (and writes).
 */
export function isValueReference(node: Identifier, parent: Node, grandparent: Node | null): boolean {
  switch (parent.type) {
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return parent.object === node || parent.computed;
    case 'ObjectProperty':
      if (parent.key === node) return parent.computed;
      return grandparent?.type !== 'ObjectPattern';
    case 'ClassProperty':
    case 'ClassAccessorProperty':
      return parent.key === node ? parent.computed : true;
    case 'ClassPrivateProperty':
      return parent.value === node; // its key is a PrivateName
    case 'ObjectMethod':
    case 'ClassMethod':
      return parent.key === node && parent.computed;
    case 'ClassPrivateMethod':
    case 'PrivateName':
    case 'MetaProperty':
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'CatchClause':
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
    case 'ExportNamespaceSpecifier':
    case 'ExportDefaultSpecifier':
    case 'ArrayPattern':
    case 'RestElement':
    case 'ImportAttribute':
      return false;
    case 'ExportSpecifier':
      // `export { x }` reads x; `export { x } from './m'` does not, nor does the exported name.
      return parent.local === node && !(grandparent?.type === 'ExportNamedDeclaration' && grandparent.source);
    case 'VariableDeclarator':
      return parent.init === node;
    case 'AssignmentExpression':
    case 'AssignmentPattern':
      return parent.right === node;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return parent.body === node; // an arrow's expression body; never the id or a parameter
    case 'ClassDeclaration':
    case 'ClassExpression':
      return parent.superClass === node;
    case 'TSParameterProperty':
      return false;
    case 'TSEnumDeclaration':
    case 'TSModuleDeclaration':
    case 'TSImportEqualsDeclaration':
      return parent.id !== node && (parent as { moduleReference?: Node }).moduleReference === node;
    case 'TSEnumMember':
      return parent.id !== node;
    default:
      return true;
  }
}

/**
 * The identifiers a declaration target or assignment target binds: `a`, `{ a, b: [c] }`,
 * `[d = 1, ...e]`, `private f = 1` (a TypeScript parameter property). Members (`o.k = …`) bind none.
 */
export function patternIdentifiers(node: Node | null | undefined, into: Identifier[] = []): Identifier[] {
  if (!node) return into;
  switch (node.type) {
    case 'Identifier':
      into.push(node);
      break;
    case 'ObjectPattern':
      for (const property of node.properties) patternIdentifiers(property.type === 'RestElement' ? property.argument : (property.value as Node), into);
      break;
    case 'ArrayPattern':
      for (const element of node.elements) patternIdentifiers(element, into);
      break;
    case 'AssignmentPattern':
      patternIdentifiers(node.left, into);
      break;
    case 'RestElement':
      patternIdentifiers(node.argument, into);
      break;
    case 'TSParameterProperty':
      patternIdentifiers(node.parameter, into);
      break;
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSNonNullExpression':
    case 'TSTypeAssertion':
    case 'ParenthesizedExpression':
      patternIdentifiers(node.expression, into);
      break;
    default:
      break;
  }
  return into;
}
