// Lints Cypher statements with Neo4j's own front end (@neo4j-cypher/language-support), offline.
//
// Input (stdin, or the file named as the first argument): JSON
//   {"schema": {labels, relationshipTypes, propertyKeys?},
//    "statements": [{"name": "...", "text": "...", "parameters": {"name": sampleValue}}]}
// Each statement is linted with exactly its declared parameters, so an undeclared or
// misspelt $parameter is reported too. Any diagnostic (error or warning) fails the run.
// Output: one line per diagnostic, then a JSON summary line; exit status 1 on any problem.
import { readFileSync } from 'node:fs';
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const source = process.argv[2] ? readFileSync(process.argv[2], 'utf8') : readFileSync(0, 'utf8');
const input = JSON.parse(source);
const base = input.schema ?? {};
let problems = 0;
const report = [];
for (const stmt of input.statements ?? []) {
  const dbSchema = { ...base, parameters: stmt.parameters ?? {} };
  const { diagnostics } = lintCypherQuery(stmt.text, dbSchema);
  for (const d of diagnostics) {
    problems += 1;
    const where = d.offsets ? ` at ${d.offsets.start}-${d.offsets.end}` : '';
    const near = d.offsets ? ` near ${JSON.stringify(stmt.text.slice(d.offsets.start, d.offsets.end))}` : '';
    const level = d.severity === 1 ? 'error' : 'warning';
    console.log(`${stmt.name}: ${level}${where}: ${d.message}${near}`);
    report.push({ statement: stmt.name, severity: level, message: d.message });
  }
}
console.log(JSON.stringify({ statements: (input.statements ?? []).length, problems, report }));
process.exit(problems ? 1 : 0);
