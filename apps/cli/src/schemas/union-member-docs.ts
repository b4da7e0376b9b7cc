import * as ts from 'typescript';

/**
 * Doc comments written before a member of an event union (`/** … *\/ | { type: 'OrderSent'; … }`), by event
 * type. The schema generator reads comments on properties and named types only; these sit before the `|`,
 * so they are read here from the source text.
 */
export function unionMemberDocs(sourceFile: ts.SourceFile, union: string): Map<string, string> {
  const docs = new Map<string, string>();
  const alias = sourceFile.statements.find((node): node is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(node) && node.name.text === union);
  if (!alias || !ts.isUnionTypeNode(alias.type)) return docs;
  const members = alias.type.types;
  members.forEach((member, index) => {
    const type = memberType(member);
    // Before the first member the comment follows `=`; before the others it follows the previous member.
    const from = index === 0 ? alias.type.pos : members[index - 1].end;
    const text = (ts.getLeadingCommentRanges(sourceFile.text, from) ?? [])
      .map((range) => sourceFile.text.slice(range.pos, range.end))
      .filter((comment) => comment.startsWith('/**'))
      .map(docText)
      .join(' ');
    if (type && text) docs.set(type, text);
  });
  return docs;
}

/** The string literal of the member's `type` property. */
function memberType(member: ts.TypeNode): string | undefined {
  if (!ts.isTypeLiteralNode(member)) return undefined;
  for (const property of member.members) {
    if (ts.isPropertySignature(property) && property.name.getText() === 'type' && property.type && ts.isLiteralTypeNode(property.type)) {
      const literal = property.type.literal;
      if (ts.isStringLiteral(literal)) return literal.text;
    }
  }
  return undefined;
}

/** `/** A line.\n * Another. *\/` → `A line. Another.` */
function docText(comment: string): string {
  return comment
    .replace(/^\/\*\*|\*\/$/g, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, '').trim())
    .filter(Boolean)
    .join(' ');
}
